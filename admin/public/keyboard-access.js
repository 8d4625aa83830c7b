// The keyboard reaches what AdminJS makes for the mouse only (found by the walk-through's Tab walk,
// test/support/keyboard.ts): anchors without an address that act on a click (the filter button,
// the sidebar's groups, a menu's trigger and items such as logout), the top bar's sidebar toggle
// (a section with a click handler), and the hover menus (a list row's actions, the user menu),
// which open while the pointer is over them. Each such control becomes a Tab stop that Enter or
// Space clicks; an icon-only one gets a name; a hover menu opens while focus is inside it, so Tab
// walks on through its items, and closes when focus leaves; a sidebar group says whether it is open
// (aria-expanded). Runs on every render.
(function () {
  const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]';
  const text = (el) => (el && el.textContent ? el.textContent.replace(/\s+/g, ' ').trim() : '');

  /** A click control the keyboard can reach and press; `name` where it shows no text. */
  function pressable(el, name) {
    if (el.hasAttribute('data-portal-pressable')) return;
    el.setAttribute('data-portal-pressable', '');
    el.tabIndex = 0;
    el.setAttribute('role', 'button');
    if (name && !text(el) && !el.getAttribute('aria-label')) el.setAttribute('aria-label', name);
    el.addEventListener('keydown', (event) => {
      if (event.target !== el || (event.key !== 'Enter' && event.key !== ' ')) return;
      event.preventDefault();
      el.click();
    });
  }

  /** The list row's name as accessible-names.js reads it: the first cell with text, else its id. */
  function rowName(row) {
    for (const cell of row.querySelectorAll('td')) if (text(cell)) return text(cell);
    return row.getAttribute('data-id') || '';
  }

  // A hover menu (design-system DropDown): the element holding the trigger and its menu, which it
  // shows on React's mouseenter and hides on mouseleave; React reads those from mouseover/mouseout.
  function hoverMenu(menu) {
    const dropDown = menu.parentElement;
    if (!dropDown || dropDown.hasAttribute('data-portal-menu')) return;
    dropDown.setAttribute('data-portal-menu', '');
    const trigger = [...dropDown.children].find((child) => child !== menu);
    const named = trigger && !trigger.matches(FOCUSABLE);
    if (named) {
      const row = dropDown.closest('tr');
      pressable(trigger, row ? window.portalText('rowActions', { record: rowName(row) }) : '');
      trigger.setAttribute('aria-haspopup', 'true');
      trigger.setAttribute('aria-expanded', 'false');
    }
    dropDown.addEventListener('focusin', (event) => {
      if (event.relatedTarget && dropDown.contains(event.relatedTarget)) return;
      dropDown.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      if (named) trigger.setAttribute('aria-expanded', 'true');
    });
    dropDown.addEventListener('focusout', (event) => {
      if (event.relatedTarget && dropDown.contains(event.relatedTarget)) return;
      dropDown.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, relatedTarget: event.relatedTarget || document.body }));
      if (named) trigger.setAttribute('aria-expanded', 'false');
    });
  }

  function update() {
    // Menus first: a row menu's trigger is an anchor too, named here for its row.
    for (const menu of document.querySelectorAll('#app .adminjs_DropDownMenu')) hoverMenu(menu);
    // Not a checkbox's drawn box: the checkbox itself (the input before it) is the control.
    for (const anchor of document.querySelectorAll('#app a:not([href])')) {
      if (!(anchor.previousElementSibling && anchor.previousElementSibling.tagName === 'INPUT')) pressable(anchor);
    }
    // A sidebar group says whether it is open: its resources follow it as a list while it is.
    for (const group of document.querySelectorAll('[data-css="sidebar-resources"] li > a:not([href])')) {
      const expanded = String(Boolean(group.nextElementSibling && group.nextElementSibling.tagName === 'UL'));
      if (group.getAttribute('aria-expanded') !== expanded) group.setAttribute('aria-expanded', expanded);
    }
    // The top bar's sidebar toggle: an icon in a section that handles the click.
    for (const toggle of document.querySelectorAll('[data-css="topbar"] > section[style*="cursor"]')) pressable(toggle, window.portalText('toggleNavigation'));
  }

  window.portalOnDomChange(update);
})();
