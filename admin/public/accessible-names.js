// Names for the controls AdminJS renders without one (found by axe-core, test/walkthrough.test.ts):
// the list's row and select-all checkboxes, the filter fields (a visible label that is not tied to
// its input, react-select and date inputs without a label), the icon-only close buttons of the
// filter drawer and of an action's notice, and react-select's English "Remove <value>". Each gets
// its visible label tied to it (an id for the label's `for`) or, where there is no single label
// element, an aria-label made of the texts shown beside it. And the keyboard: a closed drawer (the
// filter, moved off screen, not hidden) is inert, so Tab does not walk through invisible fields and
// a date picker that opens on focus. A required field says so (aria-required) where AdminJS only
// draws an asterisk. Runs on every render.
(function () {
  const NAMED = (el) => el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]')) || el.closest('label');
  const text = (el) => (el && el.textContent ? el.textContent.replace(/\s+/g, ' ').trim() : '');

  /** The row's name as the list shows it: the first cell with text (a record's title), else its id. */
  function rowName(row) {
    for (const cell of row.querySelectorAll('td')) {
      const value = text(cell);
      if (value) return value;
    }
    return row.getAttribute('data-id') || '';
  }

  function nameCheckboxes(root) {
    for (const box of root.querySelectorAll('table input[type="checkbox"]')) {
      if (NAMED(box)) continue;
      const row = box.closest('tr');
      const header = box.closest('thead') || (row && row.querySelector('th'));
      box.setAttribute('aria-label', header ? window.portalText('selectAll') : window.portalText('selectRow', { record: rowName(row) }));
    }
  }

  function nameFields(root) {
    for (const field of root.querySelectorAll('section[data-testid^="property-"] input:not([type="hidden"]):not([type="checkbox"]), section[data-testid^="property-"] select, section[data-testid^="property-"] textarea')) {
      if (NAMED(field)) continue;
      const section = field.closest('section[data-testid^="property-"]');
      const label = section.querySelector('label');
      // The label names a field by `for`, but AdminJS gave the input a name only: tie them together.
      const target = label && label.getAttribute('for');
      if (target && !document.getElementById(target) && section.querySelectorAll('input:not([type="hidden"])').length === 1) {
        field.id = target;
        continue;
      }
      // A range (from/to) or a select: the field's label and the part's own ("- From:").
      let part = '';
      for (let node = field.closest('.adminjs_DatePicker') || field; node && node !== section; node = node.parentElement) {
        const before = node.previousElementSibling;
        if (before && before.tagName === 'LABEL' && before !== label) { part = text(before).replace(/^[-–\s]+|:\s*$/g, ''); break; }
      }
      field.setAttribute('aria-label', [text(label), part].filter(Boolean).join(' – '));
    }
  }

  function nameButtons(root) {
    for (const button of root.querySelectorAll('[data-css$="-filter-drawer-content"] button, [data-css$="filter-drawer"] button')) {
      if (!text(button) && !button.getAttribute('aria-label')) button.setAttribute('aria-label', window.portalText('closeFilter'));
    }
    // A notice AdminJS shows after an action ("Executed; …") closes with an icon-only button.
    for (const button of root.querySelectorAll('.adminjs_MessageBox button')) {
      if (!text(button) && !button.getAttribute('aria-label')) button.setAttribute('aria-label', window.portalText('closeMessage'));
    }
  }

  // react-select names the button that removes a chosen value "Remove <label>", in English.
  function nameRemoveButtons(root) {
    for (const button of root.querySelectorAll('.adminjs_Select [role="button"][aria-label^="Remove "]')) {
      button.setAttribute('aria-label', window.portalText('removeValue', { value: text(button.parentElement) }));
    }
  }

  // The date picker's time field has a fixed English placeholder ("Time"; its other texts are props,
  // admin/components/control-texts.ts). React never writes the unchanged prop again.
  function nameTimeInputs(root) {
    for (const input of root.querySelectorAll('.react-datepicker input[name="time-input"]')) {
      const name = window.portalText('timeInput');
      if (input.placeholder !== name) input.placeholder = name;
    }
  }

  // A required field: AdminJS marks only its label, with an asterisk seen but not read (portal.css).
  function markRequired(root) {
    for (const label of root.querySelectorAll('label.adminjs_Label[required][for]')) {
      const field = document.getElementById(label.getAttribute('for'));
      if (field && field.getAttribute('aria-required') !== 'true') field.setAttribute('aria-required', 'true');
    }
  }

  function closedDrawersInert(root) {
    for (const drawer of root.querySelectorAll('.adminjs_Drawer')) {
      const closed = drawer.getBoundingClientRect().left >= window.innerWidth - 1;
      if (drawer.inert !== closed) drawer.inert = closed;
    }
  }

  let pending = false;
  function update() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      nameCheckboxes(document);
      nameFields(document);
      nameButtons(document);
      nameRemoveButtons(document);
      markRequired(document);
      nameTimeInputs(document);
      closedDrawersInert(document);
    });
  }
  new MutationObserver(update).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  // A drawer slides: whether it is open is known once it has moved.
  document.addEventListener('transitionend', update);
  window.addEventListener('resize', update);
})();
