// The keyboard on a screen as it is: Tab from the top of the page through every stop until focus
// comes round again, and compare the stops with the controls the screen shows. A control Tab never
// reaches cannot be used without a mouse; a stop without an accessible name (the browser's own
// accessibility tree, what a screen reader announces) cannot be told apart from the others.
import type { Page } from 'playwright-core';

/** Natively focusable controls, anything made focusable on purpose, and anchors that act on a click only. */
const CONTROLS = 'a[href], a:not([href]), button, input:not([type="hidden"]), select, textarea, summary, iframe, [tabindex]:not([tabindex="-1"])';

export interface KeyboardWalk {
  /** The stops in Tab order, each as its role and accessible name (`link "Organisationen"`). */
  stops: string[];
  /** What is wrong: a shown control Tab does not reach, a stop without a name. */
  problems: string[];
}

/** At most this many Tab presses per screen: the walk's deadline. */
const MAX_PRESSES = 400;

export async function walkKeyboard(page: Page): Promise<KeyboardWalk> {
  // The focus the screen had is given back afterwards (a dialog closes with Escape only while it holds focus).
  const before = await page.evaluateHandle(() => document.activeElement);
  // Every control on screen gets a mark; the walk reports the marks it never reaches.
  const shown = await page.evaluate((selector) => {
    // Tab goes on from where focus last was: the walk starts from a mark at the top of the page.
    const start = document.createElement('span');
    start.tabIndex = -1;
    start.id = 'keyboard-walk-start';
    document.body.prepend(start);
    start.focus();
    // (No named functions in here: tsx would wrap them in a helper the page does not have.)
    const candidates = [...document.querySelectorAll<HTMLElement>(selector), ...[...document.querySelectorAll<HTMLElement>('body *')].filter((el) =>
      // A control only a mouse can use: the outermost element the pointer shows as clickable that
      // is no control and holds none (AdminJS's top-bar icons).
      getComputedStyle(el).cursor === 'pointer' && !(el.parentElement && getComputedStyle(el.parentElement).cursor === 'pointer')
      && !el.closest(selector) && !el.querySelector(selector) && !el.closest('label')
      // A list row opens its record on a click; the keyboard opens it from the row's action menu.
      && !(el.tagName === 'TD' && el.closest('tr')?.querySelector('[data-testid="actions-dropdown"]')))];
    const controls = candidates.filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && box.right > 0 && box.left < window.innerWidth
        && getComputedStyle(el).visibility !== 'hidden' && !(el as HTMLButtonElement).disabled && !el.closest('[inert], [aria-hidden="true"]')
        // A checkbox's drawn box beside the checkbox itself.
        && !(el.tagName === 'A' && el.previousElementSibling?.tagName === 'INPUT');
    });
    return controls.map((el, i) => {
      el.dataset.keyboardMark = String(i);
      const label = (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''}${el.dataset.css ? `[data-css=${el.dataset.css}]` : ''} "${label}"`;
    });
  }, CONTROLS);
  const cdp = await page.context().newCDPSession(page);
  const reached = new Set<string>();
  const stops: string[] = [];
  const problems: string[] = [];
  let first: string | undefined;
  try {
    for (let press = 0; press < MAX_PRESSES; press++) {
      await page.keyboard.press('Tab');
      // What focus opens (a row's menu) is drawn by React in the next frames: a person is slower than that.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        el.dataset.keyboardMark ??= `unlisted-${Math.random().toString(36).slice(2)}`;
        return { mark: el.dataset.keyboardMark, frame: el.tagName === 'IFRAME', html: el.outerHTML.replace(/<svg.*?<\/svg>/gs, '<svg/>').slice(0, 200) };
      });
      if (focus === null) continue;
      if (focus.mark === first) break;
      first ??= focus.mark;
      if (reached.has(focus.mark)) {
        // Focus inside a frame (a PDF viewer) stays on the frame element: the frame was reached, the walk ends there.
        if (focus.frame) break;
        continue;
      }
      reached.add(focus.mark);
      const { result } = await cdp.send('Runtime.evaluate', { expression: 'document.activeElement' });
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { objectId: result.objectId, fetchRelatives: false });
      const role = String(nodes[0]?.role?.value ?? '');
      const name = String(nodes[0]?.name?.value ?? '').trim();
      stops.push(`${role} "${name}"`);
      if (!name) problems.push(`no accessible name: ${role} ${focus.html}`);
    }
  } finally {
    await cdp.detach();
  }
  await page.evaluate(() => document.getElementById('keyboard-walk-start')?.remove());
  await before.evaluate((el) => (el as HTMLElement | null)?.focus());
  await before.dispose();
  shown.forEach((description, i) => {
    if (!reached.has(String(i))) problems.push(`not reached by Tab: ${description}`);
  });
  return { stops, problems };
}
