/**
 * The license list a reader reaches, filtered (kind, status, an organization's subtree, created or
 * expiring in a period), as pages of JSON; as a file it is the license report (services/license-report.ts,
 * licenseReportInput). Scoped and field-ruled like every read (services/reach.ts).
 */
import { Op, type Sequelize, type WhereOptions } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import { LICENSE_KINDS, LICENSE_STATUSES } from '../models/domain/values.ts';
import { startOfDayIn } from '../models/domain/vendor-time.ts';
import { subtreeIds } from '../models/actor-lookup.ts';
import { addDays, isValidIsoDate, type IsoDate } from '../reports/calendar.ts';
import { authorize, findInScope, loadReach, scopeFor } from './reach.ts';
import { isId, onlyParams, pageInput, pageInScope, type Page, type Query } from './cursor-page.ts';
import { visible, type Row } from './records.ts';
import { notFound, Refusal } from './refusal.ts';
import type { LicenseReportInput } from './license-report.ts';
import { msg, type Message } from '../templates/messages.ts';

export const LICENSE_FILTERS = ['kind', 'status', 'organization', 'createdFrom', 'createdTo', 'expiresFrom', 'expiresTo'] as const;
type LicenseFilters = Partial<Record<typeof LICENSE_FILTERS[number], string>>;

/** The list's filters as the license report's input (its file formats answer the same query); unknown parameters answer 400. */
export function licenseReportInput(query: Query): LicenseReportInput {
  const { organization, ...filters } = onlyParams(query, LICENSE_FILTERS) as LicenseFilters;
  return { ...filters, organizationId: organization };
}

const DATE_FILTERS = ['createdFrom', 'createdTo', 'expiresFrom', 'expiresTo'] as const;

function filterProblems(filters: LicenseFilters): Record<string, Message> {
  const problems: Record<string, Message> = {};
  if (filters.kind !== undefined && !(LICENSE_KINDS as readonly string[]).includes(filters.kind)) problems.kind = msg('mustBeOneOf', { field: 'kind', allowed: LICENSE_KINDS });
  if (filters.status !== undefined && !(LICENSE_STATUSES as readonly string[]).includes(filters.status)) problems.status = msg('mustBeOneOf', { field: 'status', allowed: LICENSE_STATUSES });
  if (filters.organization !== undefined && !isId(filters.organization)) problems.organization = msg('mustBeOrganizationId');
  for (const name of DATE_FILTERS) {
    const value = filters[name];
    if (value !== undefined && !isValidIsoDate(value)) problems[name] = msg('mustBeDate');
  }
  return problems;
}

/**
 * The filters as conditions. `organization` is that organization and every one below it; one the
 * reader does not reach does not exist (404). Created dates are the vendor's calendar days
 * (`timeZone`), expiry dates are dates already.
 */
async function filterWhere(db: Sequelize, actor: Actor, filters: LicenseFilters, timeZone: string): Promise<WhereOptions[]> {
  const problems = filterProblems(filters);
  if (Object.keys(problems).length > 0) throw Refusal.ofFields(400, problems);
  const where: WhereOptions[] = [];
  if (filters.kind) where.push({ kind: filters.kind });
  if (filters.status) where.push({ status: filters.status });
  if (filters.organization) {
    const organizations = scopeFor(actor, await loadReach(db, actor), 'organizations');
    if (!organizations.readable || !await findInScope(organizations, 'organizations', filters.organization)) throw notFound(msg('record', { resource: 'organizations', id: filters.organization }));
    where.push({ organizationId: { [Op.in]: [...await subtreeIds(db, Number(filters.organization))] } });
  }
  if (filters.createdFrom) where.push({ createdAt: { [Op.gte]: startOfDayIn(filters.createdFrom, timeZone) } });
  if (filters.createdTo) where.push({ createdAt: { [Op.lt]: startOfDayIn(addDays(filters.createdTo as IsoDate, 1), timeZone) } });
  if (filters.expiresFrom) where.push({ expiresOn: { [Op.gte]: filters.expiresFrom } });
  if (filters.expiresTo) where.push({ expiresOn: { [Op.lte]: filters.expiresTo } });
  return where;
}

/** A page of the filtered list: `cursor` and `limit` beside the filters. */
export async function listLicenses(db: Sequelize, actor: Actor, query: Query, timeZone: string): Promise<Page> {
  const params = onlyParams(query, [...LICENSE_FILTERS, 'cursor', 'limit']);
  const page = pageInput(params);
  return pageInScope(db, actor, 'licenses', page, await filterWhere(db, actor, params, timeZone));
}

/** One license as the reader may see it; out of reach it does not exist (404). */
export async function readLicense(db: Sequelize, actor: Actor, id: unknown): Promise<Row> {
  const scope = await authorize(db, actor, 'licenses', 'read');
  const row = await findInScope(scope, 'licenses', id);
  if (!row) throw notFound(msg('record', { resource: 'licenses', id: id }));
  return visible(scope, row.toJSON() as Row);
}
