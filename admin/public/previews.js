// Previews in the panel: a preview action (a statement's PDF, an erasure certificate; POST, like
// every action) answers the address of an inline file route, shown here in a frame of the panel's
// own origin; a statement's mail preview answers the mail as a resend would send it, shown here
// with a button that resends it. One modal dialog (modal.js), closed with its button or Escape.
(function () {
  const PREVIEW = /^\/admin\/api\/resources\/(statements|erasure_requests)\/records\/(\d+)\/(previewPdf|previewCertificate|previewMail)$/;
  const t = (key) => window.portalText(key);

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) if (child) node.appendChild(child);
    return node;
  }

  /** A modal dialog (modal.js) with a title, its actions and a close button, focus on the latter. */
  function dialog(title, body, actions, opener) {
    document.getElementById('portal-preview')?.remove();
    const close = element('button', { type: 'button', class: 'portal-button', text: t('previewClose') });
    const box = element('div', { id: 'portal-preview', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'portal-preview-title' },
      element('div', { class: 'portal-preview-head' }, element('h2', { id: 'portal-preview-title', text: title }), ...actions, close),
      body);
    const shut = () => {
      box.remove();
      release();
    };
    const release = window.portalModal(box, opener, shut);
    close.addEventListener('click', shut);
    document.body.appendChild(box);
    close.focus();
    return shut;
  }

  function showFile(title, url, opener) {
    const frame = element('iframe', { src: url, title, class: 'portal-preview-frame' });
    dialog(title, frame, [
      element('a', { href: url, target: '_blank', rel: 'noopener', class: 'portal-button', text: t('previewOpen') }),
      element('a', { href: url.replace(/\/preview$/, '/pdf'), class: 'portal-button', text: t('previewDownload') }),
    ], opener);
  }

  function showMail(id, mail, opener) {
    const row = (label, value) => element('div', null, element('dt', { text: label }), element('dd', { text: value }));
    const body = element('div', { class: 'portal-preview-mail' },
      element('dl', null, row(t('mailTo'), mail.to || t('mailNoAddress')), row(t('mailSubject'), mail.subject), row(t('mailAttachments'), mail.attachments.join(', '))),
      element('pre', { text: mail.text }));
    const send = element('button', { type: 'button', class: 'portal-button portal-button-primary', text: t('mailSend') });
    if (!mail.to) send.disabled = true;
    const shut = dialog(t('mailTitle'), body, [send], opener);
    send.addEventListener('click', async () => {
      const response = await fetch('/admin/api/resources/statements/records/' + id + '/resend', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      const answer = await response.json().catch(() => ({}));
      shut();
      const message = (answer.notice && answer.notice.message) || answer.error || 'HTTP ' + response.status;
      window.portalNotice(response.ok ? message : window.portalText('nothingChanged', { reason: message }), response.ok && (!answer.notice || answer.notice.type !== 'error'));
    });
  }

  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    const match = PREVIEW.exec(new URL(String(url), window.location.href).pathname);
    if (match) {
      // The action that asked, while it still holds focus (the answer comes after its menu closed).
      const opener = document.activeElement;
      this.addEventListener('load', () => {
        if (this.status !== 200) return;
        let body = null;
        try { body = JSON.parse(this.responseText); } catch { return; }
        if (body && typeof body.preview === 'string') showFile(window.portalActionName(match[1], match[3]), body.preview, opener);
        else if (body && body.mail) showMail(match[2], body.mail, opener);
      });
    }
    return open.apply(this, arguments);
  };
})();
