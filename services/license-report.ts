/**
 * The license report: the licenses of an organization's subtree as the actor's license list shows
 * them (the same scope: services/reach.ts), filtered by kind, status, and creation or expiry in a
 * period, with the actor's custom property columns (services/property-columns.ts) and the logo of
 * the organization it is for. Reads only; the files are made (and their download audited) in
 * services/files.ts, rendered by reports/license-csv.ts and reports/license-report-pdf.ts.
 */
import { Op, QueryTypes, Sequelize as S, type Sequelize, type WhereOptions } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import { LICENSE_KINDS, LICENSE_STATUSES } from '../models/domain/values.ts';
import { Article, License, Organization, User } from '../models/index.ts';
import { subtreeIds } from '../models/actor-lookup.ts';
import { isValidIsoDate, type IsoDate } from '../reports/calendar.ts';
import type { LicenseReportRow } from '../reports/license-csv.ts';
import type { LicenseReportPdfInput } from '../reports/license-report-pdf.ts';
import { authorize, findInScope, scopeFor, type Scope } from './reach.ts';
import { propertyColumns, propertyValues } from './property-columns.ts';
import { Refusal, notFound } from './refusal.ts';
import { msg, type Message } from '../templates/messages.ts';

/** The filters as sent (form fields, query parameters, CLI flags): all optional text. */
export interface LicenseReportInput {
  organizationId?: unknown; kind?: unknown; status?: unknown;
  createdFrom?: unknown; createdTo?: unknown; expiresFrom?: unknown; expiresTo?: unknown;
}
export const REPORT_FILTER_FIELDS = ['organizationId', 'kind', 'status', 'createdFrom', 'createdTo', 'expiresFrom', 'expiresTo'] as const;

export interface ReportFilters {
  organization: Organization;
  kind: string | null; status: string | null;
  created: { from: IsoDate | null; to: IsoDate | null };
  expires: { from: IsoDate | null; to: IsoDate | null };
}

const given = (value: unknown) => value !== undefined && value !== null && String(value).trim() !== '';

/**
 * The one authorization call (reading licenses) and the filters checked: an organization outside the
 * actor's reach answers 404 as if it did not exist, a bad value 422 naming the field. Without an
 * organization the report is for the actor's own.
 */
export async function reportFilters(db: Sequelize, actor: Actor, input: LicenseReportInput): Promise<{ scope: Scope; filters: ReportFilters }> {
  const scope = await authorize(db, actor, 'licenses', 'read');
  const problems: Record<string, Message> = {};
  const oneOf = (field: 'kind' | 'status', values: readonly string[]) => {
    if (!given(input[field])) return null;
    const value = String(input[field]).trim();
    if (!values.includes(value)) problems[field] = msg('mustBeOneOf', { field, allowed: values });
    return value;
  };
  const date = (field: 'createdFrom' | 'createdTo' | 'expiresFrom' | 'expiresTo') => {
    if (!given(input[field])) return null;
    const value = String(input[field]).trim();
    if (!isValidIsoDate(value)) problems[field] = msg('mustBeDate');
    return value;
  };
  const kind = oneOf('kind', LICENSE_KINDS);
  const status = oneOf('status', LICENSE_STATUSES);
  const created = { from: date('createdFrom'), to: date('createdTo') };
  const expires = { from: date('expiresFrom'), to: date('expiresTo') };
  const organizationId = given(input.organizationId) ? input.organizationId : actor.organizationId;
  const organization = await findInScope(scopeFor(actor, scope.reachable, 'organizations'), 'organizations', organizationId) as Organization | null;
  if (!organization) throw notFound(msg('record', { resource: 'organizations', id: organizationId }));
  if (Object.keys(problems).length > 0) throw Refusal.ofFields(422, problems);
  return { scope, filters: { organization, kind, status, created, expires } };
}

/** The logo the report carries: the organization's own, else the nearest one above it that has one. */
async function reportLogo(db: Sequelize, organizationId: number): Promise<Buffer | null> {
  const [row] = await db.query<{ logo: Buffer }>(`
    with recursive up(id, parent_id, logo, depth) as (
      select id, parent_id, logo, 0 from organizations where id = :organizationId
      union all
      select o.id, o.parent_id, o.logo, up.depth + 1 from organizations o join up on o.id = up.parent_id where up.depth < 50
    ) select logo from up where logo is not null order by depth limit 1`, { replacements: { organizationId }, type: QueryTypes.SELECT });
  return row?.logo ?? null;
}

function between(column: string, range: { from: string | null; to: string | null }): WhereOptions[] {
  return [
    ...(range.from ? [S.where(S.literal(column), Op.gte, range.from)] : []),
    ...(range.to ? [S.where(S.literal(column), Op.lte, range.to)] : []),
  ];
}

/** Licenses per batch: the report's memory holds one batch (and the PDF, which lays out every row, all of them). */
export const REPORT_BATCH = 1000;

/** The report without its rows: what it is for, in whose language, with which columns; `batches` reads the rows, `count` counts them. */
export interface LicenseReportHead extends Omit<LicenseReportPdfInput, 'createdOn' | 'rows'> {
  organizationId: number;
  batches(): AsyncGenerator<LicenseReportRow[]>;
  count(): Promise<number>;
}

export async function licenseReportHead(db: Sequelize, actor: Actor, input: LicenseReportInput, timeZone: string): Promise<LicenseReportHead> {
  const { scope, filters } = await reportFilters(db, actor, input);
  const { organization } = filters;
  // Creation is a calendar date in the vendor's time zone, like every "today" of the portal.
  const createdOn = `(("License"."created_at" at time zone ${db.escape(timeZone)})::date)`;
  const where: WhereOptions[] = [
    scope.where,
    { organizationId: { [Op.in]: [...await subtreeIds(db, organization.id)] } },
    ...(filters.kind ? [{ kind: filters.kind }] : []),
    ...(filters.status ? [{ status: filters.status }] : []),
    ...between(createdOn, filters.created),
    ...between('"License"."expires_on"', filters.expires),
  ];
  const columns = await propertyColumns(actor);
  const orgHidden = scopeFor(actor, scope.reachable, 'organizations').hidden;

  /** One batch's rows, with the names, articles and property values of what it holds. */
  const rowsOf = async (licenses: License[]): Promise<LicenseReportRow[]> => {
    const organizationIds = [...new Set(licenses.map((l) => l.organizationId))];
    const holders = new Map((await Organization.findAll({ where: { id: { [Op.in]: organizationIds } }, attributes: ['id', 'name', 'customerNumber'] })).map((o) => [o.id, o]));
    const articles = new Map((await Article.findAll({ where: { id: { [Op.in]: [...new Set(licenses.map((l) => l.articleId))] } }, attributes: ['id', 'code', 'name'] })).map((a) => [a.id, a]));
    const values = await propertyValues(actor, scope.reachable, columns, organizationIds);
    return licenses.map((license) => {
      const holder = holders.get(license.organizationId);
      const article = articles.get(license.articleId);
      return {
        licenseKey: license.licenseKey,
        organizationName: holder?.name ?? '',
        customerNumber: orgHidden.includes('customerNumber') ? null : holder?.customerNumber ?? null,
        articleCode: article?.code ?? '',
        articleName: article?.name ?? '',
        kind: license.kind,
        status: license.status,
        seats: license.seats,
        device: license.device,
        createdOn: String(license.get('createdOn')),
        expiresOn: license.expiresOn,
        serviceUntil: license.serviceUntil,
        properties: columns.map((c) => values.get(license.organizationId)?.get(c.definitionId) ?? null),
      };
    });
  };

  /**
   * The rows in the report's order (organization, then id), a batch at a time, each batch read after
   * the last row of the one before (keyset on (organization_id, id), the index licenses_organization_id): no
   * transaction is held while a slow client reads, so a license written meanwhile may or may not
   * be in the file.
   */
  async function* batches(): AsyncGenerator<LicenseReportRow[]> {
    let after: License | null = null;
    for (;;) {
      const keyset = after ? [S.literal(`("License"."organization_id", "License"."id") > (${Number(after.organizationId)}, ${Number(after.id)})`)] : [];
      const licenses: License[] = await License.findAll({
        attributes: { include: [[S.literal(`${createdOn}::text`), 'createdOn']] },
        where: { [Op.and]: [...where, ...keyset] },
        order: [['organizationId', 'ASC'], ['id', 'ASC']],
        limit: REPORT_BATCH,
      });
      if (licenses.length > 0) yield await rowsOf(licenses);
      if (licenses.length < REPORT_BATCH) return;
      after = licenses[licenses.length - 1];
    }
  }

  const reader = actor.system ? null : await User.findByPk(actor.userId, { attributes: ['locale'] });
  const shown: LicenseReportHead['filters'] = [
    ...(filters.kind ? [{ name: 'kind' as const, value: filters.kind }] : []),
    ...(filters.status ? [{ name: 'status' as const, value: filters.status }] : []),
    ...(filters.created.from || filters.created.to ? [{ name: 'created' as const, value: `${filters.created.from ?? '…'} – ${filters.created.to ?? '…'}` }] : []),
    ...(filters.expires.from || filters.expires.to ? [{ name: 'expires' as const, value: `${filters.expires.from ?? '…'} – ${filters.expires.to ?? '…'}` }] : []),
  ];
  return {
    organizationId: organization.id,
    organization: { name: organization.name, ref: organization.ref },
    logo: await reportLogo(db, organization.id),
    locale: reader?.locale ?? organization.locale,
    filters: shown,
    propertyColumns: columns.map((c) => c.name),
    batches,
    count: () => License.count({ where: { [Op.and]: where } }),
  };
}
