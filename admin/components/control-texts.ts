// What the design system's controls say in the user's language: every select (react-select: the
// placeholder, the empty and the loading menu, the screen reader's live messages) and every date
// picker (react-datepicker: month and day names, the names of its buttons and days). AdminJS's own
// controls (filters, references, dates) pass no texts, so both would speak English; the design
// system's Select, SelectAsync and DatePicker take these as default props instead, set when the
// components bundle loads, before the panel renders (its page state already holds the user's texts,
// components.Select and components.DatePicker, admin/panel-locale.ts). The panel's own selects
// (value-list.ts) use the same components.
import { DatePicker, Select, SelectAsync } from '@adminjs/design-system';
import de from 'date-fns/esm/locale/de/index.js';

type Texts = Record<string, string>;

const fill = (text: string, values: Record<string, string | number>) => text.replace(/{{(\w+)}}/g, (_, name: string) => String(values[name] ?? ''));

/** Where an item stands in a list ("2 von 5"). */
function position(t: Texts, list: readonly unknown[] | undefined, item: unknown): string {
  return list?.length ? fill(t.position, { index: list.indexOf(item) + 1, count: list.length }) : '';
}

interface GuidanceProps { context: string; isSearchable?: boolean; isMulti?: boolean; tabSelectsValue?: boolean; isInitialFocus?: boolean; 'aria-label'?: string }
interface ChangeProps { action: string; label?: string; labels: string[]; isDisabled?: boolean }
interface FocusProps { context: string; focused: unknown; options?: readonly unknown[]; label?: string; selectValue?: readonly unknown[]; isDisabled?: boolean; isSelected?: boolean; isAppleDevice?: boolean }

/** react-select's text props for the texts `t` (templates/panel-*.ts `select`). */
export function selectTexts(t: Texts) {
  return {
    placeholder: t.placeholder,
    noOptionsMessage: () => t.noOptions,
    loadingMessage: () => t.loading,
    screenReaderStatus: ({ count }: { count: number }) => fill(count === 1 ? t.resultOne : t.results, { count }),
    ariaLiveMessages: {
      guidance({ context, isSearchable, isMulti, tabSelectsValue, isInitialFocus, 'aria-label': name }: GuidanceProps): string {
        if (context === 'menu') return `${t.guidanceMenu}${tabSelectsValue ? t.guidanceMenuTab : ''}.`;
        if (context === 'input') return isInitialFocus ? `${fill(t.guidanceInput, { name: name || t.select })}${isSearchable ? t.guidanceInputSearch : ''}${isMulti ? t.guidanceInputMulti : ''}.` : '';
        return context === 'value' ? t.guidanceValue : '';
      },
      onChange({ action, label = '', labels, isDisabled }: ChangeProps): string {
        if (action === 'deselect-option' || action === 'pop-value' || action === 'remove-value') return fill(t.deselected, { label });
        if (action === 'clear') return t.cleared;
        if (action === 'initial-input-focus') return fill(t.selected, { label: labels.join(', ') });
        if (action === 'select-option') return fill(isDisabled ? t.disabled : t.selected, { label });
        return '';
      },
      onFocus({ context, focused, options, label = '', selectValue, isDisabled, isSelected, isAppleDevice }: FocusProps): string {
        if (context === 'value' && selectValue) return fill(t.focusedValue, { label, position: position(t, selectValue, focused) });
        // Only Apple's screen reader misses the option react-select focuses (aria-activedescendant).
        if (context === 'menu' && isAppleDevice) {
          const status = [isSelected ? t.chosen : '', isDisabled ? t.notChoosable : ''].filter(Boolean).join(', ');
          return fill(t.focusedOption, { label: status ? `${label} (${status})` : label, position: position(t, options, focused) });
        }
        return '';
      },
      onFilter: ({ inputValue, resultsMessage }: { inputValue: string; resultsMessage: string }) => (inputValue ? fill(t.resultsFor, { results: resultsMessage, term: inputValue }) : `${resultsMessage}.`),
    },
  };
}

/** react-datepicker's text props for the texts `t` (templates/panel-*.ts `datePicker`). */
export function datePickerTexts(t: Texts) {
  return {
    previousMonthAriaLabel: t.previousMonth, previousMonthButtonLabel: t.previousMonth, nextMonthAriaLabel: t.nextMonth, nextMonthButtonLabel: t.nextMonth,
    previousYearAriaLabel: t.previousYear, previousYearButtonLabel: t.previousYear, nextYearAriaLabel: t.nextYear, nextYearButtonLabel: t.nextYear,
    timeInputLabel: t.time, timeCaption: t.time, chooseDayAriaLabelPrefix: t.chooseDay, disabledDayAriaLabelPrefix: t.notAvailable,
    weekAriaLabelPrefix: `${t.week} `, monthAriaLabelPrefix: `${t.month} `, ariaLabelClose: t.close,
  };
}

/**
 * Month and day names: react-datepicker reads a language's date-fns locale from `window.__localeData__`
 * (what its registerLocale fills), English being its own.
 */
const DATE_LOCALES: Record<string, object> = { de };

interface PageState { locale?: { language: string; translations?: Record<string, { components?: { Select?: Texts; DatePicker?: Texts } }> } }

type WithDefaults = { defaultProps?: object };
const withDefaults = (component: unknown, props: object) => {
  (component as WithDefaults).defaultProps = { ...(component as WithDefaults).defaultProps, ...props };
};

const locale = (window as unknown as { REDUX_STATE?: PageState }).REDUX_STATE?.locale;
const texts = locale?.translations?.[locale.language]?.components;
if (texts?.Select) for (const component of [Select, SelectAsync]) withDefaults(component, selectTexts(texts.Select));
if (locale && texts?.DatePicker) {
  const dates = DATE_LOCALES[locale.language];
  if (dates) {
    const scope = window as unknown as { __localeData__?: Record<string, object> };
    scope.__localeData__ = { ...scope.__localeData__, [locale.language]: dates };
  }
  withDefaults(DatePicker, { ...datePickerTexts(texts.DatePicker), ...(dates ? { locale: locale.language } : {}) });
}
