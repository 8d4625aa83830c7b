// Adds the organization/view switcher and the language switch to the AdminJS top bar without a
// custom React bundle. The language is the user's (POST /admin/account/locale stores it); the page
// is then loaded again in it.
(function () {
  const t = window.portalText;

  function choice(id, label, options, onChange) {
    const box = document.createElement('div');
    box.id = id;
    const select = document.createElement('select');
    select.setAttribute('aria-label', label);
    for (const [value, text, selected, lang] of options) {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = text;
      option.selected = selected;
      if (lang) option.lang = lang;
      select.appendChild(option);
    }
    select.addEventListener('change', () => onChange(select.value));
    box.appendChild(select);
    return box;
  }

  // The whole answer is read before the page loads again: express-session sends the headers and
  // all but the last byte of a changed session's answer before the session is stored, so a reload
  // on the headers alone can still find the session as it was (the language switch, seen in CI).
  const post = (url, body) => fetch(url, {
    method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  }).then((response) => response.text());

  async function mount() {
    if (document.getElementById('portal-topbar')) return;
    // Shared with the start page: one request per page load (a switch reloads the page).
    window.portalContext = window.portalContext || fetch('/admin/context', { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : null));
    const context = await window.portalContext;
    if (!context) return;
    const { current, available } = context;
    const bar = document.createElement('div');
    bar.id = 'portal-topbar';
    bar.style.cssText = 'position:fixed;top:12px;right:300px;z-index:1000;font:14px sans-serif;display:flex;gap:8px';
    bar.appendChild(choice('portal-context', t('contextLabel'), available.map((c) => [
      c.organizationId + ':' + c.view,
      c.organizationName + ' — ' + window.portalLabel('views', c.view) + ' (' + window.portalLabel('roles', c.role) + ')',
      c.organizationId === current.organizationId && c.view === current.view,
    ]), async (value) => {
      const [organizationId, view] = value.split(':');
      await post('/admin/context', { organizationId: Number(organizationId), view });
      window.location.href = '/admin';
    }));
    // Each language in its own name, marked as that language (a screen reader speaks it so): whoever
    // cannot read the current one still finds theirs.
    bar.appendChild(choice('portal-language', t('languageLabel'), [['de', 'Deutsch'], ['en', 'English']].map(([language, name]) => [
      language, name, language === window.portalLanguage, language,
    ]), async (language) => {
      await post('/admin/account/locale', { locale: language });
      window.location.reload();
    }));
    document.body.appendChild(bar);
  }
  if (location.pathname.startsWith('/admin/login')) return;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount); else mount();
})();
