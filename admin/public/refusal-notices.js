// A refused panel request (4xx) carries its reason as { error, fields, errors }. AdminJS shows
// nothing for a refused action without a form (license and subscription operations, the erasure
// workflow) and only a generic notice for a refused form: this shows the reason itself, the
// field it names included. File actions show their own result (file-actions.js).
(function () {
  const FILE_ACTIONS = /\/actions\/import$|\/uploadLogo$/;

  // The one notice box of the portal's scripts (file-actions.js shows its results here too).
  function notice(text, ok) {
    let box = document.getElementById('portal-notice');
    if (!box) {
      box = document.createElement('div');
      box.id = 'portal-notice';
      box.setAttribute('role', 'alert');
      box.style.cssText = 'position:fixed;bottom:16px;right:16px;max-width:640px;max-height:50vh;overflow:auto;white-space:pre-wrap;'
        + 'z-index:1001;padding:12px 16px;border-radius:4px;font:13px sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.2);cursor:pointer';
      box.title = window.portalText('closeNotice');
      box.addEventListener('click', () => box.remove());
      document.body.appendChild(box);
    }
    box.style.background = ok ? '#e6f6ec' : '#fdecea';
    // The click closes it for the mouse; the button for the keyboard (and says what the click does).
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'portal-notice-close';
    close.textContent = window.portalText('previewClose');
    box.replaceChildren(document.createTextNode(text), close);
  }
  window.portalNotice = notice;

  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.addEventListener('loadend', () => {
      const path = String(url);
      if (!path.includes('/admin/api/') || FILE_ACTIONS.test(path.split('?')[0])) return;
      // A later change that went through makes an earlier refusal stale.
      if (this.status < 400 && String(method).toUpperCase() === 'POST') document.getElementById('portal-notice')?.remove();
      if (this.status < 400 || this.status >= 500) return;
      let body = null;
      try { body = JSON.parse(this.responseText); } catch { return; }
      const message = body && (body.error || (body.notice && body.notice.message));
      if (typeof message === 'string' && message) notice(window.portalText('nothingChanged', { reason: Array.isArray(body.errors) && body.errors.length ? body.errors.join('\n') : message }), false);
    });
    return open.apply(this, arguments);
  };
})();
