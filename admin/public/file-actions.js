// Actions that take a file (the ERP import, a logo upload) have no form in AdminJS without a React
// bundle: a click on one opens a file picker and posts the file to the action's API.
(function () {
  const ACTIONS = [
    { link: /\/resources\/organizations\/actions\/import$/, api: () => '/admin/api/resources/organizations/actions/import', field: 'document', accept: 'application/json,.json' },
    { link: /\/resources\/organizations\/records\/(\d+)\/uploadLogo$/, api: (m) => '/admin/api/resources/organizations/records/' + m[1] + '/uploadLogo', field: 'logo', accept: 'image/png,image/jpeg' },
  ];

  function show(message, ok) {
    let box = document.getElementById('portal-file-result');
    if (!box) {
      box = document.createElement('pre');
      box.id = 'portal-file-result';
      box.style.cssText = 'position:fixed;bottom:16px;right:16px;max-width:640px;max-height:50vh;overflow:auto;white-space:pre-wrap;'
        + 'z-index:1001;padding:12px 16px;border-radius:4px;font:13px sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.2);cursor:pointer';
      box.title = 'Click to close';
      box.addEventListener('click', () => box.remove());
      document.body.appendChild(box);
    }
    box.style.background = ok ? '#e6f6ec' : '#fdecea';
    box.textContent = message;
  }

  async function upload(url, field, file) {
    const form = new FormData();
    form.append(field, file);
    const response = await fetch(url, { method: 'POST', body: form, credentials: 'same-origin' });
    const body = await response.json().catch(() => ({}));
    const ok = Boolean(body.notice && body.notice.type === 'success');
    if (ok) return show(body.notice.message, true);
    const problems = body.errors && body.errors.length ? body.errors.join('\n') : (body.notice ? body.notice.message : body.error || 'HTTP ' + response.status);
    show('Nothing was saved:\n' + problems, false);
  }

  document.addEventListener('click', function (event) {
    const link = event.target instanceof Element && event.target.closest('a[href]');
    const href = link && link.getAttribute('href');
    for (const action of href ? ACTIONS : []) {
      const match = action.link.exec(href);
      if (!match) continue;
      event.preventDefault();
      event.stopPropagation();
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = action.accept;
      input.addEventListener('change', () => { if (input.files && input.files[0]) upload(action.api(match), action.field, input.files[0]); });
      input.click();
      return;
    }
  }, true);
})();
