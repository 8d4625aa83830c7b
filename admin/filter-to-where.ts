import { Op, col, fn, where as compare, type WhereOperators, type WhereOptions } from 'sequelize';
import type { Filter } from 'adminjs';
import { Refusal } from '../services/refusal.ts';
import { msg } from '../templates/messages.ts';

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

// A calendar date, optionally with a time and zone (what the panel's date picker sends: toISOString()).
const DATE_BOUND = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Date.parse rolls 2026-02-30 over into March and PostgreSQL has no year 0, so the parts are checked one by one. */
function isDateBound(value: string): boolean {
  const match = DATE_BOUND.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    && hour <= 23 && minute <= 59 && second <= 59 && Number.isFinite(Date.parse(value));
}

/** The from/to of a date filter, each a date or timestamp or left empty; anything else is refused by name. */
function dateRange(name: string, value: unknown): { from?: string; to?: string } {
  if (value === '') return {};
  // A filter the database cannot answer: 400, said by the panel's error handler in the user's language.
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Refusal(400, msg('filterDateRange', { name, bound: null }));
  const range: { from?: string; to?: string } = {};
  for (const bound of ['from', 'to'] as const) {
    const given = (value as Record<string, unknown>)[bound];
    if (given === undefined || given === '') continue;
    if (typeof given !== 'string' || !isDateBound(given)) throw new Refusal(400, msg('filterDateRange', { name, bound }));
    range[bound] = given;
  }
  return range;
}

/**
 * An array column containing the value. Sequelize casts the probe to the column's type, so for an
 * integer[] column a value that is not an integer within PostgreSQL's integer range matches nothing
 * rather than failing in the database.
 */
function arrayMember(type: string, value: unknown): WhereOperators {
  if (type !== 'number') return { [Op.contains]: [String(value)] };
  const n = Number(value);
  return Number.isSafeInteger(n) && Math.abs(n) < 2 ** 31 ? { [Op.contains]: [n] } : { [Op.in]: [] };
}

/**
 * AdminJS filters as a Sequelize where. Unlike the adapter's own conversion, identifiers and
 * enumerations match exactly, codes and keys by prefix (no substring LIKE on an id), free text matches case-insensitively
 * with LIKE wildcards escaped, and filters on fields the caller may not see are ignored.
 */
export function filterToWhere(filter: Filter | undefined, options: { hidden: string[]; exact: Set<string>; prefix: Set<string>; column: (name: string) => string }): WhereOptions[] {
  if (!filter) return [];
  const where: WhereOptions[] = [];
  for (const element of Object.values(filter.filters ?? {})) {
    const { property, value } = element;
    if (!property) continue;
    const name = property.name();
    if (options.hidden.includes(name)) continue;
    const type = property.type();
    if (property.isArray()) {
      where.push({ [name]: arrayMember(type, value) });
    } else if (property.isId() || type === 'reference' || type === 'number') {
      const n = Number(value);
      // A non-numeric id can match nothing; an empty result is the honest answer.
      where.push({ [name]: Number.isSafeInteger(n) ? n : { [Op.in]: [] } });
    } else if (type === 'boolean') {
      if (value === 'true' || value === 'false') where.push({ [name]: value === 'true' });
    } else if (type === 'date' || type === 'datetime') {
      const { from, to } = dateRange(name, value);
      if (from || to) where.push({ [name]: { ...(from && { [Op.gte]: from }), ...(to && { [Op.lte]: to }) } });
    } else if ((type as string) === 'object') { // the adapter's name for JSON columns, outside AdminJS's own types
      throw new Refusal(400, msg('filterStructured', { name }));
    } else if (typeof value === 'string') {
      if (options.exact.has(name)) where.push({ [name]: value });
      // lower(column) LIKE: the prefix indexes of migration 021 answer it (ILIKE could not use them).
      else if (options.prefix.has(name)) where.push(compare(fn('lower', col(options.column(name))), Op.like, `${escapeLike(value.toLowerCase())}%`));
      else where.push({ [name]: { [Op.iLike]: `%${escapeLike(value)}%` } });
    }
  }
  return where;
}
