/**
 * Trial licenses for a new customer (Enginsight): where the vendor marked a product group
 * (`customerTrials`), a reseller's new customer organization receives two demo licenses of the
 * group's demo article, inside the reseller's frame — on the terms a redeemed demo ticket gets (the
 * frame's least seats, its shortest demo duration from today, ticket-rules.ts redemptionTerms). A
 * frame that carries no demo kind or allows no demo duration gives no trials.
 */
import type { IsoDate } from '../../reports/calendar.ts';
import type { Frame } from './frame.ts';
import { redemptionTerms, type LicenseTerms } from './ticket-rules.ts';

export const TRIAL_LICENSES_PER_CUSTOMER = 2;

/** The terms of each trial license inside `frame`, or null: none can be issued there. */
export function trialTerms(frame: Frame, today: IsoDate): LicenseTerms | null {
  if (!frame.articleKinds.includes('demo')) return null;
  if (frame.maxSeats !== null && frame.minSeats > frame.maxSeats) return null;
  const terms = redemptionTerms({ kind: 'demo' }, frame, today);
  return terms.ok ? terms.terms : null;
}
