import type { PropertyType } from '../custom-property.ts';
import { isValidIsoDate } from '../../reports/calendar.ts';

/**
 * Values are stored as text; this keeps them readable as their property's type: numbers as
 * decimal numbers, dates as YYYY-MM-DD, yes/no as true/false, choices from the defined list.
 * Returns the problem, or null when the value fits (an empty value always fits).
 */
export function propertyValueProblem(type: PropertyType, choices: readonly string[], value: string | null): string | null {
  if (value === null || value === '') return null;
  switch (type) {
    case 'text': return null;
    case 'number': return /^-?\d+(\.\d+)?$/.test(value) ? null : `"${value}" is not a number (use digits and a decimal point).`;
    case 'date': return isValidIsoDate(value) ? null : `"${value}" is not a date (YYYY-MM-DD).`;
    case 'boolean': return value === 'true' || value === 'false' ? null : `"${value}" is not yes/no (true or false).`;
    case 'choice': return choices.includes(value) ? null : `"${value}" is not one of: ${choices.join(', ')}.`;
  }
}
