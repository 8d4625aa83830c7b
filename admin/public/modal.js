// A modal dialog for the keyboard and screen readers, shared by the portal's preview dialog
// (previews.js) and AdminJS's confirmation (confirmations.js): while it is open the rest of the page
// is inert (neither Tab, the pointer nor a screen reader's browse mode reaches it), Tab and Shift+Tab
// wrap round inside it, Escape closes it, and once it is gone focus goes back to the control that
// opened it.
(function () {
  const CONTROLS = 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), select, textarea, iframe, [tabindex]:not([tabindex="-1"])';

  /**
   * Focus back on `opener`. A row's action sits in the row's hover menu, closed once focus left it:
   * focus on the menu's trigger opens it again (keyboard-access.js), and the action takes focus when
   * it is drawn.
   */
  function giveFocusBack(opener) {
    if (!(opener instanceof HTMLElement) || !opener.isConnected) return;
    opener.focus();
    if (document.activeElement === opener) return;
    const trigger = opener.closest('[data-portal-menu]')?.querySelector('[aria-haspopup]');
    if (!trigger) return;
    trigger.focus();
    // React draws the opened menu within a few frames; after 30 the trigger keeps focus.
    let frames = 30;
    const retry = () => {
      opener.focus();
      if (document.activeElement !== opener && --frames > 0) requestAnimationFrame(retry);
    };
    requestAnimationFrame(retry);
  }

  /**
   * Makes `box` (shown, or about to be appended to the body) modal; `close` is what Escape does.
   * Answers `release`, to call once the dialog is gone: the page is usable again and focus is back
   * on `opener`.
   */
  window.portalModal = function (box, opener, close) {
    const outside = [...document.body.children].filter((child) => !child.contains(box) && !child.inert && child.tagName !== 'SCRIPT');
    for (const child of outside) child.inert = true;
    box.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close();
        return;
      }
      if (event.key !== 'Tab') return;
      const controls = [...box.querySelectorAll(CONTROLS)];
      const edge = event.shiftKey ? controls[0] : controls[controls.length - 1];
      if (document.activeElement === edge) {
        event.preventDefault();
        (event.shiftKey ? controls[controls.length - 1] : controls[0]).focus();
      }
    });
    return function release() {
      for (const child of outside) child.inert = false;
      giveFocusBack(opener);
    };
  };
})();
