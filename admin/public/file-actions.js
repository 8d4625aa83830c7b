// Actions that take a file (the ERP import, a logo upload) have no form in AdminJS without a React
// bundle: a click on one opens a file picker and posts the file to the action's API.
(function () {
  const ACTIONS = [
    { link: /\/resources\/organizations\/actions\/import$/, api: () => '/admin/api/resources/organizations/actions/import', field: 'document', accept: 'application/json,.json' },
    { link: /\/resources\/organizations\/records\/(\d+)\/uploadLogo$/, api: (m) => '/admin/api/resources/organizations/records/' + m[1] + '/uploadLogo', field: 'logo', accept: 'image/png,image/jpeg' },
  ];

  const show = (message, ok) => window.portalNotice(message, ok);

  async function upload(url, field, file) {
    const form = new FormData();
    form.append(field, file);
    const response = await fetch(url, { method: 'POST', body: form, credentials: 'same-origin' });
    const body = await response.json().catch(() => ({}));
    const ok = Boolean(body.notice && body.notice.type === 'success');
    if (ok) return show(body.notice.message, true);
    const problems = body.errors && body.errors.length ? body.errors.join('\n') : (body.notice ? body.notice.message : body.error || 'HTTP ' + response.status);
    show(window.portalText('nothingSaved', { reason: problems }), false);
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
