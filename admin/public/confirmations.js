// AdminJS's confirmation (a custom action's question, its `guard`; a deletion) as a modal dialog:
// AdminJS draws a box over the page with a label, the question, an icon-only close button and two
// buttons whose text is CSS content of a `label` attribute, but no dialog role, no names a checker
// finds and no focus handling. Here it becomes a dialog named by its label and described by its
// question, its buttons are named, focus moves to its cancel button (the harmless choice), and
// modal.js keeps focus inside until it closes (Escape closes it too) and brings it back to the
// action that asked. Runs on every render.
(function () {
  let open = null;

  function update() {
    if (open && !open.box.isConnected) {
      open.release();
      open = null;
    }
    const label = document.querySelector('.modal-label');
    const box = label && label.parentElement;
    if (!box || (open && open.box === box)) return;
    const question = box.querySelector('h5');
    const close = box.querySelector(':scope > .close-button');
    label.id = label.id || 'portal-confirmation-label';
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-modal', 'true');
    box.setAttribute('aria-labelledby', label.id);
    if (question) {
      question.id = question.id || 'portal-confirmation-question';
      box.setAttribute('aria-describedby', question.id);
    }
    if (close) close.setAttribute('aria-label', window.portalText('closeDialog'));
    for (const button of box.querySelectorAll('button[label]')) button.setAttribute('aria-label', button.getAttribute('label'));
    const opener = document.activeElement;
    open = { box, release: window.portalModal(box, opener, () => close && close.click()) };
    const cancel = box.querySelector('button[label]');
    if (cancel) cancel.focus();
  }

  window.portalOnDomChange(update);
})();
