// Adds an organization/view switcher to the AdminJS top bar without a custom React bundle.
(function () {
  async function mount() {
    if (document.getElementById('portal-context')) return;
    // Shared with the start page: one request per page load (a switch reloads the page).
    window.portalContext = window.portalContext || fetch('/admin/context', { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : null));
    const context = await window.portalContext;
    if (!context) return;
    const { current, available } = context;
    const box = document.createElement('div');
    box.id = 'portal-context';
    box.style.cssText = 'position:fixed;top:12px;right:300px;z-index:1000;font:14px sans-serif';
    const select = document.createElement('select');
    select.setAttribute('aria-label', 'Organization and view');
    for (const c of available) {
      const option = document.createElement('option');
      option.value = c.organizationId + ':' + c.view;
      option.textContent = c.organizationName + ' — ' + c.view + ' (' + c.role + ')';
      option.selected = c.organizationId === current.organizationId && c.view === current.view;
      select.appendChild(option);
    }
    select.addEventListener('change', async () => {
      const [organizationId, view] = select.value.split(':');
      await fetch('/admin/context', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ organizationId: Number(organizationId), view }),
      });
      window.location.href = '/admin';
    });
    box.appendChild(select);
    document.body.appendChild(box);
  }
  if (location.pathname.startsWith('/admin/login')) return;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount); else mount();
})();
