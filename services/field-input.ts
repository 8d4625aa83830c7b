/**
 * Input values checked before the database sees them: each field against its column's type, its
 * value list and its length, so bad input answers 422 naming the field (never a database error
 * turned 500). Forms send text; numbers, dates and yes/no arrive as strings and are converted here
 * (the panel hands over the payload as sent: admin/scoped-resource.ts keepPayloadAsSent).
 */
import { DataTypes, type Model, type ModelStatic } from 'sequelize';
import { FIELD_VALUES } from '../models/domain/values.ts';
import { isValidIsoDate } from '../reports/calendar.ts';
import { isCountryCode, isCurrencyCode } from '../models/domain/iso-codes.ts';
import type { ResourceId } from '../models/domain/policy.ts';
import { codeProblem, textProblem } from '../models/domain/text-rules.ts';
import { msg, type Message } from '../templates/messages.ts';

const INT_MAX = 2_147_483_647;
const EMAIL_FIELDS = new Set(['email', 'contactEmail', 'billingEmail']);
/** Keys that reach CSV exports and other systems (text-rules.ts CODE). */
const CODE_FIELDS = new Set(['ref', 'customerNumber', 'code', 'licenseKey', 'version']);
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

export type Checked = { ok: true; value: unknown } | { ok: false; problem: Message };
const bad = (problem: Message): Checked => ({ ok: false, problem });
const good = (value: unknown): Checked => ({ ok: true, value });

function integer(value: unknown): Checked {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : null;
  if (text === null || !/^-?\d{1,10}$/.test(text)) return bad(msg('wholeNumber'));
  const n = Number(text);
  return Math.abs(n) > INT_MAX ? bad(msg('wholeNumberAtMost', { max: INT_MAX })) : good(n);
}

function text(field: string, value: unknown): Checked {
  if (typeof value !== 'string') return bad(msg('mustBeText'));
  const trimmed = value.trim();
  const problem = textProblem(trimmed) ?? (CODE_FIELDS.has(field) ? codeProblem(trimmed) : null);
  if (problem) return bad(problem);
  if (EMAIL_FIELDS.has(field) && !EMAIL.test(trimmed)) return bad(msg('mustBeEmail'));
  if (field === 'country' && !isCountryCode(trimmed)) return bad(msg('mustBeCountry'));
  if (field === 'currency' && !isCurrencyCode(trimmed)) return bad(msg('mustBeCurrency'));
  return good(EMAIL_FIELDS.has(field) ? trimmed.toLowerCase() : trimmed);
}

function scalar(field: string, type: unknown, value: unknown): Checked {
  if (type instanceof DataTypes.INTEGER) return integer(value);
  if (type instanceof DataTypes.BOOLEAN) {
    if (value === true || value === 'true') return good(true);
    if (value === false || value === 'false') return good(false);
    return bad(msg('mustBeBoolean'));
  }
  if (type instanceof DataTypes.DATEONLY) {
    // Forms and JSON send YYYY-MM-DD; a Date (from code calling the services) counts by its UTC day.
    const date = value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value;
    return typeof date === 'string' && isValidIsoDate(date.trim()) ? good(date.trim()) : bad(msg('mustBeDate'));
  }
  if (type instanceof DataTypes.TEXT || type instanceof DataTypes.STRING) return text(field, value);
  return bad(msg('notWritable'));
}

/**
 * Checks one field's value; null, '' or blank text clears a nullable column. `virtualTypes` names input fields
 * that are not columns (a new user's password, organization and role) and how to read them.
 */
export function checkField(model: ModelStatic<Model>, resource: ResourceId, field: string, value: unknown, virtualTypes: Record<string, unknown> = {}): Checked {
  const attribute = model.getAttributes()[field];
  const type = attribute?.type ?? virtualTypes[field];
  if (!type) return bad(msg('notAField'));
  // Blank text is no value: it clears a nullable column and leaves a required one empty.
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return attribute && attribute.allowNull === false && attribute.defaultValue === undefined ? bad(msg('required')) : good(null);
  }
  const values = FIELD_VALUES[resource]?.[field];
  if (type instanceof DataTypes.ARRAY) {
    if (!Array.isArray(value)) return bad(msg('mustBeList'));
    if (value.length > 100) return bad(msg('listTooLong', { max: 100 }));
    const items = value.map((item) => scalar(field, (type as unknown as { type: unknown }).type, item));
    const wrong = items.find((item) => !item.ok);
    if (wrong) return wrong;
    const list = items.map((item) => (item as { value: unknown }).value);
    if (values && list.some((item) => !values.includes(String(item)))) return bad(msg('listMayHold', { field, allowed: values }));
    return good(list);
  }
  const checked = scalar(field, type, value);
  if (checked.ok && values && !values.includes(String(checked.value))) return bad(msg('mustBeOneOf', { field, allowed: values }));
  return checked;
}

/** Columns a new row cannot do without (no default, not nullable, not generated). */
export function requiredFields(model: ModelStatic<Model>): string[] {
  return Object.entries(model.getAttributes())
    .filter(([, a]) => a.allowNull === false && a.defaultValue === undefined && !a.autoIncrement && !a.primaryKey)
    .map(([name]) => name)
    .filter((name) => name !== 'createdAt' && name !== 'updatedAt');
}
