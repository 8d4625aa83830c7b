/**
 * A license's runtime: how it is extended (the `extendRuntime` operation) and what is left of it
 * (shown in the license list and on its page). Pure, over the vendor's calendar date `today`
 * (models/domain/vendor-time.ts).
 *
 * - A demo license is extended by a number of days, an expiring license of another kind (ALM, or a
 *   full license the vendor gave an expiry) by a number of months. The channel (a reseller, for its
 *   customer's license) chooses from its frame: demo days from the frame's demo-day list, months
 *   from the frame's subscription terms, and only for an article kind the frame carries. Vendor
 *   staff, who set the frames, extend by any whole number up to a sanity bound.
 * - A subscription license runs with its subscription, an NFR license renews itself (the vendor's),
 *   a license without an expiry never ends, and a recalled or destroyed one is out of use: none is
 *   extended (409).
 * - The extension counts from the license's last day while it runs, from today once it has lapsed
 *   (a lapsed demo extended by 30 days runs 30 days with today as the first, as a new one would); a license the
 *   licensing job had expired is back in use: `active` with its device, else `inactive`.
 * - The last day `expiresOn` is a day of use: on it nothing is left after today (0 days left); the
 *   day after, the runtime has ended.
 */
import { addDays, addMonthsClamped, compareIsoDates, daysBetween, maxIsoDate, type IsoDate } from '../../reports/calendar.ts';
import { kindProblem, listProblem, type Frame, type FrameLabel, type FrameProblem } from './frame.ts';
import type { LicenseState } from './license-lifecycle.ts';
import { msg, type Message } from '../../templates/messages.ts';

export interface LicenseRuntime extends LicenseState {
  kind: string;
}

/** What the caller asked for: days (a demo) or months (any other expiring license); null where not sent. */
export interface ExtensionRequest {
  days: number | null;
  months: number | null;
}

/** What vendor staff may add at once, frames aside: a bound against typing errors, not a business rule. */
export const VENDOR_EXTENSION_MAX = { days: 365, months: 120 } as const;

/** Why this license's runtime cannot be extended at all (409), or null. `byVendor`: NFR licenses are the vendor's. */
export function extensionConflict(license: LicenseRuntime, byVendor: boolean): Message | null {
  if (license.kind === 'subscription') return msg('runsWithSubscription');
  if (license.kind === 'nfr' && !byVendor) return msg('nfrRenewsItself');
  if (license.expiresOn === null) return msg('noExpiry');
  if (license.status === 'recalled' || license.status === 'destroyed') return msg('outOfUse', { status: license.status });
  return null;
}

/** The unit a license is extended in: days for a demo, months otherwise. */
export const extensionUnit = (kind: string): 'days' | 'months' => (kind === 'demo' ? 'days' : 'months');

/**
 * The request against the frame (`frame` null: vendor staff, bound by VENDOR_EXTENSION_MAX only):
 * exactly the license's unit, a value the frame lists, an article kind the frame carries.
 */
export function extensionProblems(kind: string, request: ExtensionRequest, frame: Frame | null, label: FrameLabel): FrameProblem[] {
  const unit = extensionUnit(kind);
  const other = unit === 'days' ? 'months' : 'days';
  const problems: Array<FrameProblem | null> = [];
  if (request[other] !== null) problems.push({ field: other, message: msg('extendedBy', { field: other, kind, unit }) });
  const value = request[unit];
  if (frame) problems.push(kindProblem(frame, kind, label, 'kind'));
  const allowed = frame ? (unit === 'days' ? frame.demoDays : frame.termMonths) : null;
  if (value === null) {
    problems.push({ field: unit, message: msg('extensionRequired', { unit, kind, allowed, max: VENDOR_EXTENSION_MAX[unit], at: frame ? label : null }) });
  } else if (allowed) {
    problems.push(listProblem(allowed, value, label, unit));
  } else if (value < 1 || value > VENDOR_EXTENSION_MAX[unit]) {
    problems.push({ field: unit, message: msg('extensionBetween', { unit, max: VENDOR_EXTENSION_MAX[unit] }) });
  }
  return problems.filter((problem): problem is FrameProblem => problem !== null);
}

/** The license after the extension: the new last day, and back in use if the job had expired it. */
export function extendedRuntime(license: LicenseRuntime, request: ExtensionRequest, today: IsoDate): LicenseState {
  // The day before the first new day of use: the last day while it runs, yesterday once it has lapsed.
  const yesterday = addDays(today, -1);
  const from = maxIsoDate(license.expiresOn ?? yesterday, yesterday);
  const expiresOn = request.days !== null ? addDays(from, request.days) : addMonthsClamped(from, request.months ?? 0);
  const status = license.status === 'expired' ? (license.device ? 'active' : 'inactive') : license.status;
  return { status, device: license.device, expiresOn };
}

/** Days of use left after today: null without an expiry (it never ends), 0 on the last day and after it. */
export function daysLeft(expiresOn: IsoDate | null, today: IsoDate): number | null {
  return expiresOn === null ? null : Math.max(0, daysBetween(today, expiresOn));
}

/** The runtime and service entitlement in one line, for the license list and page. */
export function runtimeText(license: LicenseRuntime & { serviceUntil: IsoDate | null }, today: IsoDate): string {
  const left = daysLeft(license.expiresOn, today);
  const runtime = license.status === 'destroyed' || license.status === 'recalled' ? license.status
    : license.expiresOn === null ? 'no expiry'
      : compareIsoDates(license.expiresOn, today) < 0 ? `ended ${license.expiresOn}`
        : left === 0 ? 'last day today' : `${left} day${left === 1 ? '' : 's'} left (until ${license.expiresOn})`;
  const service = license.serviceUntil === null ? 'no service entitlement'
    : compareIsoDates(license.serviceUntil, today) < 0 ? `service ended ${license.serviceUntil}` : `service until ${license.serviceUntil}`;
  return `${runtime} · ${service}`;
}
