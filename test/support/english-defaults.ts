// What the panel would say in English if a text of its own were missing: AdminJS's English locale
// (its own translation file, adminjs/lib/locale/en, so an upgrade's new texts are checked too),
// react-select's and react-datepicker's built-in texts. A text the German AdminJS locale or the portal's German texts word identically under the
// same key ("Filter", "Navigation") is German as well and not counted.
import { locales } from 'adminjs';
import { adminTranslations } from '../../admin/panel-locale.ts';
import { panelTexts } from '../../templates/panel-texts.ts';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [inner, text] of flatten(value, `${prefix}${key}.`)) out.set(inner, text);
  }
  return out;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A text with `{{name}}` places as a pattern matching the whole of a shown string. */
function pattern(text: string): RegExp {
  return new RegExp(`^${text.split(/{{\w+}}/).map(escape).join('.+')}$`, 'i');
}

/** react-select 5's defaults (Select's defaultProps and ariaLiveMessages), as parts of what it says. */
const REACT_SELECT: RegExp[] = [
  /^Select\.\.\.$/, /^No options$/, /^Loading\.\.\.$/, /\bresults? available\b/, /Use Up and Down to choose options/,
  /\bis focused\b.*press Down to open the menu/, /Use left and right to toggle between focused values/,
  /^options? .*, (de)?selected\.$/, /All selected options have been cleared/, /is disabled\. Select another option/,
  /^value .* focused, \d+ of \d+\.$/, / for search term /,
];

/** react-datepicker 4's defaults (its props' English and its own English month and day names). */
const REACT_DATEPICKER: RegExp[] = [
  /^(Previous|Next) (Month|Year)$/, /^Choose \w+day, /, /^Not available /, /^week \d/, /^month \d/, /^Time$/, /^Close$/,
  /^(January|February|March|April|June|July|August|September|October|December) \d{4}$/, /^(Su|Tu|We|Th)$/,
];

export interface EnglishDefault { source: string; pattern: RegExp }

/** Every English default a German user must not meet. */
export function englishDefaults(): EnglishDefault[] {
  const english = flatten(locales.en as unknown as Tree);
  const german = flatten(locales.de as unknown as Tree);
  const ours = flatten(adminTranslations(panelTexts('de')) as unknown as Tree);
  const defaults: EnglishDefault[] = [];
  for (const [key, text] of english) {
    if (german.get(key) === text || ours.get(key) === text) continue;
    defaults.push({ source: `AdminJS en ${key}`, pattern: pattern(text) });
  }
  return [...defaults, ...REACT_SELECT.map((regex) => ({ source: 'react-select', pattern: regex })), ...REACT_DATEPICKER.map((regex) => ({ source: 'react-datepicker', pattern: regex }))];
}

/**
 * What a person reads or hears on the page as it is: texts, placeholders, names, titles, CSS
 * content, the live regions. Text marked as another language (the language switch's "English") is meant as such.
 */
export const READ_ON_PAGE = `(() => {
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style')) continue;
    const marked = parent.closest('[lang]');
    if (!marked || marked.lang === document.documentElement.lang) out.push(node.textContent);
  }
  // AdminJS's buttons in a confirmation show their \`label\` attribute as CSS content.
  const NAMES = ['placeholder', 'aria-label', 'title', 'alt', 'aria-placeholder', 'aria-roledescription', 'label'];
  for (const el of document.querySelectorAll(NAMES.map((name) => '[' + name + ']').join(', '))) {
    for (const name of NAMES) {
      const value = el.getAttribute(name);
      if (value) out.push(value);
    }
  }
  for (const el of document.body.querySelectorAll('*')) {
    for (const pseudo of ['::before', '::after']) {
      const content = getComputedStyle(el, pseudo).content;
      if (/^".+"$/.test(content)) out.push(content.slice(1, -1));
    }
  }
  for (const el of document.querySelectorAll('[aria-live], [role="status"], [role="alert"]')) out.push(el.textContent);
  return [...new Set(out.map((text) => (text || '').replace(/\\s+/g, ' ').trim()).filter(Boolean))];
})()`;

/** The shown strings that are English defaults, each with where it comes from. */
export function englishFound(strings: string[], defaults: EnglishDefault[]): string[] {
  return strings.flatMap((text) => defaults.filter(({ pattern }) => pattern.test(text)).map(({ source }) => `"${text}" (${source})`));
}
