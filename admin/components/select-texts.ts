// What every select of the panel says (react-select: the placeholder, the empty and the loading
// menu, the screen reader's live messages) in the user's language. AdminJS's own selects (filters,
// references, value lists) pass no texts, so react-select would speak English; the design system's
// Select and SelectAsync take these as default props instead, set when the components bundle loads,
// before the panel renders (its page state already holds the user's texts, components.Select,
// admin/panel-locale.ts). The panel's own selects (value-list.ts) use the same components.
import { Select, SelectAsync } from '@adminjs/design-system';

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

interface PageState { locale?: { language: string; translations?: Record<string, { components?: { Select?: Texts } }> } }

const locale = (window as unknown as { REDUX_STATE?: PageState }).REDUX_STATE?.locale;
const texts = locale?.translations?.[locale.language]?.components?.Select;
if (texts) {
  for (const component of [Select, SelectAsync] as Array<{ defaultProps?: object }>) component.defaultProps = { ...component.defaultProps, ...selectTexts(texts) };
}
