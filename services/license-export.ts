/**
 * The license list a reader reaches, filtered (kind, status, an organization's subtree, created or
 * expiring in a period), as pages of JSON and as one CSV file (reports/license-csv.ts). Scoped and
 * field-ruled like every read (services/reach.ts); the file is a download and audited like one
 * (services/files.ts).
 */
import { Op, type Sequelize, type WhereOptions } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import { LICENSE_KINDS, LICENSE_STATUSES } from '../models/domain/values.ts';
import { startOfDayIn } from '../models/domain/vendor-time.ts';
import { subtreeIds } from '../models/actor-lookup.ts';
import { recordAudit } from '../models/audit.ts';
import { Article, Organization } from '../models/index.ts';
import { addDays, isValidIsoDate, type IsoDate } from '../reports/calendar.ts';
import { licenseCsv, type LicenseCsvRow } from '../reports/license-csv.ts';
import { authorize, findInScope, loadReach, scopeFor } from './reach.ts';
import { isId, onlyParams, pageInput, pageInScope, PAGE_LIMIT_MAX, type Page, type Query } from './cursor-page.ts';
import { visible, type Row } from './records.ts';
import { auditActor } from './audit-trail.ts';
import { notFound, Refusal } from './refusal.ts';
import type { DownloadFile } from './files.ts';

export const LICENSE_FILTERS = ['kind', 'status', 'organization', 'createdFrom', 'createdTo', 'expiresFrom', 'expiresTo'] as const;
type LicenseFilters = Partial<Record<typeof LICENSE_FILTERS[number], string>>;

const DATE_FILTERS = ['createdFrom', 'createdTo', 'expiresFrom', 'expiresTo'] as const;

function filterProblems(filters: LicenseFilters): Record<string, string> {
  const problems: Record<string, string> = {};
  if (filters.kind !== undefined && !(LICENSE_KINDS as readonly string[]).includes(filters.kind)) problems.kind = `must be one of: ${LICENSE_KINDS.join(', ')}.`;
  if (filters.status !== undefined && !(LICENSE_STATUSES as readonly string[]).includes(filters.status)) problems.status = `must be one of: ${LICENSE_STATUSES.join(', ')}.`;
  if (filters.organization !== undefined && !isId(filters.organization)) problems.organization = 'must be an organization id.';
  for (const name of DATE_FILTERS) {
    const value = filters[name];
    if (value !== undefined && !isValidIsoDate(value)) problems[name] = 'must be a calendar date YYYY-MM-DD.';
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
    if (!organizations.readable || !await findInScope(organizations, 'organizations', filters.organization)) throw notFound(`Organization ${filters.organization}`);
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
  if (!row) throw notFound(`License ${String(id)}`);
  return visible(scope, row.toJSON() as Row);
}

const dateText = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));

/** The whole filtered list as CSV (read page by page, so one query never holds the whole table); the download is audited. */
export async function licenseCsvFile(db: Sequelize, actor: Actor, query: Query, timeZone: string): Promise<DownloadFile> {
  const filters = onlyParams(query, LICENSE_FILTERS);
  const where = await filterWhere(db, actor, filters, timeZone);
  const rows: Row[] = [];
  for (let cursor: number | null = null; ;) {
    const page: Page = await pageInScope(db, actor, 'licenses', { cursor, limit: PAGE_LIMIT_MAX }, where);
    rows.push(...page.data);
    if (page.next === null) break;
    cursor = Number(page.next);
  }
  const names = new Map((await Organization.findAll({ attributes: ['id', 'name'], where: { id: [...new Set(rows.map((r) => Number(r.organizationId)))] } })).map((o) => [o.id, o.name]));
  const codes = new Map((await Article.findAll({ attributes: ['id', 'code'], where: { id: [...new Set(rows.map((r) => Number(r.articleId)))] } })).map((a) => [a.id, a.code]));
  const csvRows: LicenseCsvRow[] = rows.map((r) => ({
    id: Number(r.id), licenseKey: String(r.licenseKey), organizationId: Number(r.organizationId), organizationName: names.get(Number(r.organizationId)) ?? '',
    articleCode: codes.get(Number(r.articleId)) ?? '', kind: String(r.kind), status: String(r.status), seats: Number(r.seats),
    device: (r.device as string | null) ?? null, expiresOn: (r.expiresOn as string | null) ?? null, serviceUntil: (r.serviceUntil as string | null) ?? null,
    createdAt: dateText(r.createdAt),
  }));
  const { userId, who } = auditActor(actor);
  await recordAudit({ userId, organizationId: actor.organizationId, action: 'licenses.export', resource: 'licenses', details: { ...who, format: 'csv', filters, count: csvRows.length } });
  return { contentType: 'text/csv; charset=utf-8', fileName: 'licenses.csv', body: licenseCsv(csvRows) };
}
