// The ERP import action needs a file; AdminJS has no form for a custom action without a React
// bundle, so a click on it opens a file picker and posts the document to the action's API.
(function () {
  function show(message, ok) {
    let box = document.getElementById('portal-import-result');
    if (!box) {
      box = document.createElement('pre');
      box.id = 'portal-import-result';
      box.style.cssText = 'position:fixed;bottom:16px;right:16px;max-width:640px;max-height:50vh;overflow:auto;white-space:pre-wrap;'
        + 'z-index:1001;padding:12px 16px;border-radius:4px;font:13px sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.2);cursor:pointer';
      box.title = 'Click to close';
      box.addEventListener('click', () => box.remove());
      document.body.appendChild(box);
    }
    box.style.background = ok ? '#e6f6ec' : '#fdecea';
    box.textContent = message;
  }

  async function upload(file) {
    const form = new FormData();
    form.append('document', file);
    const response = await fetch('/admin/api/resources/organizations/actions/import', { method: 'POST', body: form, credentials: 'same-origin' });
    const body = await response.json().catch(() => ({}));
    const ok = Boolean(body.notice && body.notice.type === 'success');
    if (ok) return show(body.notice.message, true);
    const problems = body.errors && body.errors.length ? body.errors.join('\n') : (body.notice ? body.notice.message : 'HTTP ' + response.status);
    show('Nothing was imported:\n' + problems, false);
  }

  document.addEventListener('click', function (event) {
    const link = event.target instanceof Element && event.target.closest('a[href$="/resources/organizations/actions/import"], button[data-testid="action-import"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'application/json,.json';
    input.addEventListener('change', () => { if (input.files && input.files[0]) upload(input.files[0]); });
    input.click();
  }, true);
})();
