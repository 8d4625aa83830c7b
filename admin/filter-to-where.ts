import { Op, type WhereOptions } from 'sequelize';
import type { Filter } from 'adminjs';

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * AdminJS filters as a Sequelize where. Unlike the adapter's own conversion, identifiers and
 * enumerations match exactly, codes and keys by prefix (no substring LIKE on an id), free text matches case-insensitively
 * with LIKE wildcards escaped, and filters on fields the caller may not see are ignored.
 */
export function filterToWhere(filter: Filter | undefined, options: { hidden: string[]; exact: Set<string>; prefix: Set<string> }): WhereOptions[] {
  if (!filter) return [];
  const where: WhereOptions[] = [];
  for (const element of Object.values(filter.filters ?? {})) {
    const { property, value } = element;
    if (!property) continue;
    const name = property.name();
    if (options.hidden.includes(name)) continue;
    const type = property.type();
    if (property.isId() || type === 'reference' || type === 'number') {
      const n = Number(value);
      // A non-numeric id can match nothing; an empty result is the honest answer.
      where.push({ [name]: Number.isSafeInteger(n) ? n : { [Op.in]: [] } });
    } else if (type === 'boolean') {
      if (value === 'true' || value === 'false') where.push({ [name]: value === 'true' });
    } else if (type === 'date' || type === 'datetime') {
      const range = value as unknown as { from?: string; to?: string };
      if (range && typeof range === 'object') {
        where.push({ [name]: { ...(range.from && { [Op.gte]: range.from }), ...(range.to && { [Op.lte]: range.to }) } });
      }
    } else if (property.isArray()) {
      where.push({ [name]: { [Op.contains]: [String(value)] } });
    } else if (typeof value === 'string') {
      if (options.exact.has(name)) where.push({ [name]: value });
      else if (options.prefix.has(name)) where.push({ [name]: { [Op.iLike]: `${escapeLike(value)}%` } });
      else where.push({ [name]: { [Op.iLike]: `%${escapeLike(value)}%` } });
    }
  }
  return where;
}
