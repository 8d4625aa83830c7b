/**
 * The start page's numbers, per view: each figure is a read of its own with one authorization call
 * (the resource it counts, scoped through services/reach.ts like that resource's list), so a start
 * page never shows more than the lists behind it; the arithmetic is models/domain/dashboard-figures.ts.
 * Reads only: nothing here writes or audits.
 */
import { Op, QueryTypes, Sequelize as S, type Sequelize, type WhereOptions } from 'sequelize';
import { can, type Actor, type ResourceId } from '../models/domain/policy.ts';
import { LICENSE_STATUSES } from '../models/domain/values.ts';
import { art12Deadline, countByValue, lastPeriods, pivotByPeriod, type PeriodChart } from '../models/domain/dashboard-figures.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { ErasureRequest, License, OfferRequest, Organization, StatementRecord, StatementRun, Subscription } from '../models/index.ts';
import { supportContactFor } from '../models/actor-lookup.ts';
import { addDays, daysBetween, type IsoDate, type Period } from '../reports/calendar.ts';
import { exclusiveEnd } from '../reports/subscription-charges.ts';
import { authorize } from './reach.ts';
import { runStalled } from './statements/retry-failed.ts';

/** How many months the charts show, how many resellers keep their own bar, how long a list is. */
const MONTHS = 6;
const MAX_SERIES = 6;
const LIST = 8;
/** "Expires soon": within this many days from today. */
export const EXPIRY_DAYS = 30;

/** The vendor's today and zone, and the instant the page is made (a run still going after STALLED_MS shows as stalled). */
export interface DashboardInput { today: IsoDate; timeZone: string; now: Date }

export interface ExpiringLicense { id: number; licenseKey: string; organizationName: string; expiresOn: IsoDate; daysLeft: number }
export interface CurrencyChart extends PeriodChart { currency: string }
export interface WorkerRun { job: string; slot: string; status: string; attempts: number; error: string | null }
export interface OpenOffer { id: number; licenseKey: string; organizationName: string; requestedOn: IsoDate }
export interface StatementRunSummary { id: number; period: Period; trigger: string; startedAt: string; status: string; issuedCount: number; sentCount: number; error: string | null }
export interface OpenErasure { id: number; subjectLabel: string; status: string; receivedOn: IsoDate; deadline: IsoDate; daysLeft: number }

/** What the start page shows; a figure the view does not read is absent. */
export interface Dashboard {
  today: IsoDate;
  newSubscriptions?: PeriodChart;
  statementTotals?: CurrencyChart[];
  statementRuns?: StatementRunSummary[];
  workerRuns?: WorkerRun[];
  openOffers?: { count: number; latest: OpenOffer[] };
  activeSubscriptions?: number;
  expiringLicenses?: { count: number; latest: ExpiringLicense[] };
  licensesByStatus?: { value: string; count: number }[];
  support?: { organizationName: string; supportContact: string } | null;
  openErasures?: OpenErasure[];
}

const and = (...parts: WhereOptions[]): WhereOptions => ({ [Op.and]: parts });
const names = async (ids: Iterable<number>) => new Map((await Organization.findAll({ attributes: ['id', 'name'], where: { id: [...new Set(ids)] } })).map((o) => [o.id, o.name]));

/** New subscriptions (by their start) per month and reseller over the last months. */
export async function newSubscriptionsByMonth(db: Sequelize, actor: Actor, input: DashboardInput): Promise<PeriodChart> {
  const scope = await authorize(db, actor, 'subscriptions', 'read');
  const periods = lastPeriods(input.today, MONTHS);
  const rows = await Subscription.findAll({
    attributes: ['resellerId', [S.fn('to_char', S.col('start_date'), 'YYYY-MM'), 'period'], [S.fn('count', S.col('id')), 'n']],
    where: and(scope.where, { startDate: { [Op.gte]: `${periods[0]}-01`, [Op.lte]: input.today } }),
    group: [S.col('reseller_id'), S.fn('to_char', S.col('start_date'), 'YYYY-MM')],
    raw: true,
  }) as unknown as { resellerId: number; period: string; n: string }[];
  const resellers = await names(rows.map((r) => r.resellerId));
  return pivotByPeriod(rows.map((r) => ({ period: r.period, key: String(r.resellerId), label: resellers.get(r.resellerId) ?? '', value: Number(r.n) })), periods, MAX_SERIES, 'others');
}

/** Issued statement totals (integer cents) per month and reseller, one chart per currency. */
export async function statementTotalsByMonth(db: Sequelize, actor: Actor, input: DashboardInput): Promise<CurrencyChart[]> {
  const scope = await authorize(db, actor, 'statements', 'read');
  const periods = lastPeriods(input.today, MONTHS);
  const rows = await StatementRecord.findAll({
    attributes: ['resellerId', 'resellerName', 'period', 'currency', 'totalCents'],
    where: and(scope.where, { period: { [Op.gte]: periods[0] } }),
    raw: true,
  });
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  return currencies.map((currency) => ({
    currency,
    ...pivotByPeriod(rows.filter((r) => r.currency === currency)
      .map((r) => ({ period: r.period, key: String(r.resellerId), label: r.resellerName, value: Number(r.totalCents) })), periods, MAX_SERIES, 'others'),
  }));
}

/**
 * The worker's last runs (job_claims: one row per job and slot) and their outcome. Worker runs are
 * read where statement runs are (vendor staff): the claims hold job names and errors, no tenant data.
 */
export async function lastWorkerRuns(db: Sequelize, actor: Actor): Promise<WorkerRun[]> {
  const scope = await authorize(db, actor, 'statement_runs', 'read');
  if (scope.reachable !== 'all') return [];
  const rows = await db.query<{ job: string; claimed_at: Date; status: string; attempts: number; error: string | null }>(
    'select job, claimed_at, status, attempts, error from job_claims order by claimed_at desc limit :limit',
    { replacements: { limit: LIST }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ job: r.job, slot: new Date(r.claimed_at).toISOString(), status: r.status, attempts: Number(r.attempts), error: r.error }));
}

/** Offer requests not answered yet: how many, and the latest. */
export async function openOfferRequests(db: Sequelize, actor: Actor, input: DashboardInput): Promise<{ count: number; latest: OpenOffer[] }> {
  const scope = await authorize(db, actor, 'offer_requests', 'read');
  const where = and(scope.where, { answer: null });
  const [count, latest] = await Promise.all([
    OfferRequest.count({ where }),
    OfferRequest.findAll({ where, order: [['createdAt', 'DESC'], ['id', 'DESC']], limit: LIST }),
  ]);
  const [organizations, licenses] = await Promise.all([
    names(latest.map((o) => o.organizationId)),
    License.findAll({ attributes: ['id', 'licenseKey'], where: { id: latest.map((o) => o.licenseId) } }),
  ]);
  const keys = new Map(licenses.map((l) => [l.id, l.licenseKey]));
  return {
    count,
    latest: latest.map((o) => ({ id: o.id, licenseKey: keys.get(o.licenseId) ?? '', organizationName: organizations.get(o.organizationId) ?? '', requestedOn: calendarDateIn(o.createdAt, input.timeZone) })),
  };
}

/** Subscriptions running today (started, not yet ended by a cancellation, termination or the end of a term not renewed). */
export async function activeSubscriptionCount(db: Sequelize, actor: Actor, input: DashboardInput): Promise<number> {
  const scope = await authorize(db, actor, 'subscriptions', 'read');
  const candidates = await Subscription.findAll({
    attributes: ['ref', 'interval', 'quantity', 'unitPriceCents', 'startDate', 'termMonths', 'autoRenew', 'terminatedOn', 'cancelledOn', 'cancelReason'],
    where: and(scope.where, { startDate: { [Op.lte]: input.today } }, { [Op.or]: [{ cancelledOn: null }, { cancelledOn: { [Op.gt]: input.today } }] }),
    raw: true,
  });
  return candidates.filter((s) => {
    const end = exclusiveEnd({ ...s, start: s.startDate });
    return end === null || end > input.today;
  }).length;
}

/**
 * The statement runs (monthly issue), latest first, with what they issued and sent or why they
 * failed; a run still `running` after STALLED_MS died with its process (its worker was killed: the
 * retry or another worker's takeover ran the period again) and shows as `stalled`.
 */
export async function lastStatementRuns(db: Sequelize, actor: Actor, input: DashboardInput): Promise<StatementRunSummary[]> {
  const scope = await authorize(db, actor, 'statement_runs', 'read');
  const rows = await StatementRun.findAll({ where: scope.where, order: [['startedAt', 'DESC'], ['id', 'DESC']], limit: LIST });
  return rows.map((r) => ({ id: r.id, period: r.period, trigger: r.trigger, startedAt: r.startedAt.toISOString(), status: runStalled(r, input.now) ? 'stalled' : r.status, issuedCount: r.issuedCount, sentCount: r.sentCount, error: r.error }));
}

/** Licenses in use (inactive or active) whose expiry is today or within the next EXPIRY_DAYS days. */
export async function expiringLicenses(db: Sequelize, actor: Actor, input: DashboardInput): Promise<{ count: number; latest: ExpiringLicense[] }> {
  const scope = await authorize(db, actor, 'licenses', 'read');
  const where = and(scope.where, { status: ['inactive', 'active'], expiresOn: { [Op.gte]: input.today, [Op.lte]: addDays(input.today, EXPIRY_DAYS) } });
  const [count, soonest] = await Promise.all([
    License.count({ where }),
    License.findAll({ attributes: ['id', 'licenseKey', 'organizationId', 'expiresOn'], where, order: [['expiresOn', 'ASC'], ['id', 'ASC']], limit: LIST }),
  ]);
  const organizations = await names(soonest.map((l) => l.organizationId));
  return {
    count,
    latest: soonest.map((l) => ({ id: l.id, licenseKey: l.licenseKey, organizationName: organizations.get(l.organizationId) ?? '', expiresOn: l.expiresOn!, daysLeft: daysBetween(input.today, l.expiresOn!) })),
  };
}

/** How many licenses hold each status. */
export async function licensesByStatus(db: Sequelize, actor: Actor): Promise<{ value: string; count: number }[]> {
  const scope = await authorize(db, actor, 'licenses', 'read');
  const rows = await License.findAll({
    attributes: ['status', [S.fn('count', S.col('id')), 'n']], where: scope.where, group: [S.col('status')], raw: true,
  }) as unknown as { status: string; n: string }[];
  return countByValue(LICENSE_STATUSES, rows.map((r) => ({ value: r.status, count: Number(r.n) })));
}

/**
 * Erasure requests not carried out or rejected yet, with the day by which Art. 12(3) wants the
 * subject answered (one month from receipt), soonest first.
 */
export async function openErasureRequests(db: Sequelize, actor: Actor, input: DashboardInput): Promise<OpenErasure[]> {
  const scope = await authorize(db, actor, 'erasure_requests', 'read');
  const rows = await ErasureRequest.findAll({ where: and(scope.where, { status: ['requested', 'approved'] }), order: [['requestedAt', 'ASC'], ['id', 'ASC']] });
  return rows.map((r) => {
    const receivedOn = calendarDateIn(r.requestedAt, input.timeZone);
    const deadline = art12Deadline(receivedOn);
    return { id: r.id, subjectLabel: r.subjectLabel, status: r.status, receivedOn, deadline, daysLeft: daysBetween(input.today, deadline) };
  });
}

/**
 * The start page of the actor's view: vendor staff the channel's months, the statement runs, the
 * worker and open offer requests; a channel organization its running subscriptions, its statement
 * totals per month (a distributor's per reseller below it) and expiring licenses; a customer
 * its licenses and support contact; the DPO the open erasure requests. Each figure only where the
 * policy gives the view the resource it counts.
 */
export async function dashboardFor(db: Sequelize, actor: Actor, input: DashboardInput): Promise<Dashboard> {
  const reads = (resource: ResourceId) => can(actor, resource, 'read');
  const dashboard: Dashboard = { today: input.today };
  if (actor.view === 'dpo') {
    dashboard.openErasures = await openErasureRequests(db, actor, input);
    return dashboard;
  }
  if (actor.view === 'vendor') {
    [dashboard.newSubscriptions, dashboard.statementTotals, dashboard.statementRuns, dashboard.workerRuns, dashboard.openOffers] = await Promise.all([
      newSubscriptionsByMonth(db, actor, input), statementTotalsByMonth(db, actor, input), lastStatementRuns(db, actor, input), lastWorkerRuns(db, actor), openOfferRequests(db, actor, input),
    ]);
    return dashboard;
  }
  if (actor.view === 'customer') {
    [dashboard.licensesByStatus, dashboard.expiringLicenses, dashboard.support] = await Promise.all([
      licensesByStatus(db, actor), expiringLicenses(db, actor, input), supportAbove(db, actor),
    ]);
    return dashboard;
  }
  if (reads('subscriptions')) dashboard.activeSubscriptions = await activeSubscriptionCount(db, actor, input);
  if (reads('statements')) dashboard.statementTotals = await statementTotalsByMonth(db, actor, input);
  if (reads('licenses')) dashboard.expiringLicenses = await expiringLicenses(db, actor, input);
  return dashboard;
}

/** A customer's support contact: the nearest organization above it (or itself) that names one. */
async function supportAbove(db: Sequelize, actor: Actor): Promise<Dashboard['support']> {
  const contact = await supportContactFor(db, actor.organizationId);
  return contact && { organizationName: contact.organizationName, supportContact: contact.supportContact };
}

/** The vendor's calendar day now, the input every figure is counted against. */
export function dashboardInput(timeZone: string, now = new Date()): DashboardInput {
  return { today: calendarDateIn(now, timeZone), timeZone, now };
}
