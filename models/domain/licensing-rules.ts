/**
 * The worker's daily licensing job, as pure rules over one license and the vendor's calendar date
 * `today` (YYYY-MM-DD, models/domain/vendor-time.ts):
 *
 * - A demo license (inactive or active) whose last day (`expiresOn`) is before today expires:
 *   status `expired` (the device binding is kept for the record; an expired key cannot be used).
 * - An NFR license (inactive or active) renews itself for its term once its last day has come
 *   (`expiresOn` <= today), so it never lapses: `expiresOn` moves on by whole terms, counted from the
 *   old last day, to the first date after today. The term is the NFR article's billing interval:
 *   `month` → 1 month, `year` → 12 months. An NFR license without an `expiresOn` has no term and is left alone.
 * - A license on recall (`recalled`) whose term has ended is removed from use: status `destroyed`,
 *   device cleared. Its term ends on the day its cancelled subscription ends (`cancelledOn`, the
 *   first day the subscription no longer covers), else after its own last day (`expiresOn`); a
 *   recalled license with neither is removed at the next run ("at the next opportunity").
 *
 * Anything else (full, subscription, ALM, expired, destroyed) is left alone, so a second run on the
 * same day finds nothing to do.
 */
import { addMonthsClamped, compareIsoDates, type IsoDate } from '../../reports/calendar.ts';
import type { LicenseState } from './license-lifecycle.ts';
import { msg, type Message } from '../../templates/messages.ts';

export type LicensingOperation = 'expire' | 'renew' | 'remove';

export interface LicenseForJob extends LicenseState {
  kind: string;
  /** The billing interval of the license's article (the NFR term). */
  articleInterval: 'month' | 'year' | null;
  /** For a recalled license: the day its cancelled subscription ends (latest, if several), else null. */
  recallEndsOn: IsoDate | null;
}

export interface LicensingChange {
  operation: LicensingOperation;
  next: LicenseState;
}

const IN_USE: ReadonlyArray<LicenseState['status']> = ['inactive', 'active'];

/** The NFR term in months: the article's billing interval. */
export function nfrTermMonths(interval: 'month' | 'year' | null): number {
  return interval === 'year' ? 12 : 1;
}

/**
 * The new last day of an NFR license whose last day `expiresOn` has come (<= today): `expiresOn`
 * plus the fewest whole terms that reach past today, always counted from `expiresOn` (a 31st stays
 * the 31st where the month has one).
 */
export function renewedUntil(expiresOn: IsoDate, termMonths: number, today: IsoDate): IsoDate {
  if (!Number.isInteger(termMonths) || termMonths < 1) throw new RangeError(`Not a term: ${termMonths}`);
  let terms = 1;
  while (compareIsoDates(addMonthsClamped(expiresOn, terms * termMonths), today) <= 0) terms++;
  return addMonthsClamped(expiresOn, terms * termMonths);
}

/** Whether a recalled license's term has ended on `today`. */
export function recallTermEnded(license: Pick<LicenseForJob, 'expiresOn' | 'recallEndsOn'>, today: IsoDate): boolean {
  if (license.recallEndsOn !== null) return compareIsoDates(license.recallEndsOn, today) <= 0;
  if (license.expiresOn !== null) return compareIsoDates(license.expiresOn, today) < 0;
  return true;
}

/** What the daily job does to this license today, or null: nothing. */
export function dailyLicensingChange(license: LicenseForJob, today: IsoDate): LicensingChange | null {
  const state: LicenseState = { status: license.status, device: license.device, expiresOn: license.expiresOn };
  if (license.status === 'recalled') {
    return recallTermEnded(license, today) ? { operation: 'remove', next: { ...state, status: 'destroyed', device: null } } : null;
  }
  if (!IN_USE.includes(license.status) || license.expiresOn === null) return null;
  if (license.kind === 'demo' && compareIsoDates(license.expiresOn, today) < 0) {
    return { operation: 'expire', next: { ...state, status: 'expired' } };
  }
  if (license.kind === 'nfr' && compareIsoDates(license.expiresOn, today) <= 0) {
    return { operation: 'renew', next: { ...state, expiresOn: renewedUntil(license.expiresOn, nfrTermMonths(license.articleInterval), today) } };
  }
  return null;
}

/** The channel views whose own organization holds a free-key quota; a customer draws against its partner's. */
const QUOTA_HOLDING_VIEWS = ['service_provider', 'system_integrator', 'reseller', 'distributor', 'partner'];

/**
 * Whose free-key quota a key drawn from a license of `holder` counts against: the holder's own
 * when it is a channel organization (a service provider or system integrator holding ALM licenses),
 * else its partner's, the organization directly above the customer.
 */
export function quotaHolderId(holder: { id: number; views: readonly string[]; parentId: number | null }): number {
  return holder.views.some((v) => QUOTA_HOLDING_VIEWS.includes(v)) || holder.parentId === null ? holder.id : holder.parentId;
}

export interface FreeKeySource {
  kind: string;
  status: LicenseState['status'];
  expiresOn: IsoDate | null;
  /** Set when the license is itself a free key. */
  drawnFromId: number | null;
}

/** Why no free additional key can be drawn from this license today, or null. `used` keys of `quota` are drawn already. */
export function freeKeyProblem(license: FreeKeySource, quota: { used: number; quota: number; holder: string }, today: IsoDate): Message | null {
  if (license.kind !== 'alm') return msg('freeKeysOnlyAlm');
  if (license.drawnFromId !== null) return msg('freeKeyItself');
  if (license.status === 'destroyed' || license.status === 'recalled' || license.status === 'expired'
    || (license.expiresOn !== null && compareIsoDates(license.expiresOn, today) < 0)) {
    return msg('almOutOfUse');
  }
  if (quota.used >= quota.quota) {
    return quota.quota === 0
      ? msg('noQuota', { holder: quota.holder })
      : msg('quotaUsedUp', { holder: quota.holder, used: quota.used, quota: quota.quota });
  }
  return null;
}
