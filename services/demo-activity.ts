/**
 * What the demo shows beyond its master data (models/demo-seed.ts), made by the real services so it
 * is what the product would have made: the statements of the last three months (resellers open and
 * download them, vendor staff see the runs), an open erasure request for the DPO and an offer
 * request for vendor sales. Tickets to redeem are master data. Running it again adds nothing.
 * The tests' portals load the master data only, so what they count does not depend on the day they run.
 */
import type { Portal } from '../models/index.ts';
import { ErasureRequest, License, OfferRequest, Organization, StatementRecord, User } from '../models/index.ts';
import { seedDemo } from '../models/demo-seed.ts';
import { resolveActor } from '../models/actor-lookup.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { periodOf, previousPeriod, type Period } from '../reports/calendar.ts';
import { issueStatements } from './statements/issue-period.ts';
import { dpoCaller, fileRequest } from './erasure/requests.ts';
import { requestOffer } from './license-requests.ts';

/** The three months before `now`'s month (vendor's calendar), oldest first. */
export function lastThreePeriods(now: Date, timeZone: string): Period[] {
  const third = previousPeriod(periodOf(calendarDateIn(now, timeZone)));
  const second = previousPeriod(third);
  return [previousPeriod(second), second, third];
}

const ERASURE_SUBJECT = 'user:customer-guest@demo.test';

export async function seedDemoActivity(portal: Portal, now = new Date()): Promise<void> {
  const { sequelize, config } = portal;
  // A period issued before is left alone: issuing it again would change nothing but add an empty run.
  for (const period of lastThreePeriods(now, config.timezone)) {
    if (await StatementRecord.count({ where: { period } }) === 0) await issueStatements(portal, { period, trigger: 'cli', now });
  }

  if (await ErasureRequest.count({ where: { subjectLabel: ERASURE_SUBJECT } }) === 0) {
    await fileRequest(sequelize, {
      subject: ERASURE_SUBJECT, reason: 'Ausgeschieden; bittet um Löschung seiner Daten (Art. 17 DSGVO).', by: await dpoCaller({ email: 'dpo@demo.test' }),
    });
  }

  const license = await License.findOne({ where: { licenseKey: 'LIC-A1-DEMO' } });
  if (license && await OfferRequest.count({ where: { licenseId: license.id } }) === 0) {
    const user = (await User.findOne({ where: { email: 'customer-admin@demo.test' } }))!;
    const customer = (await Organization.findOne({ where: { ref: 'customer-a1' } }))!;
    const actor = (await resolveActor(sequelize, user.id, customer.id, 'customer'))!;
    await requestOffer(sequelize, actor, license.id, { message: 'Bitte ein Angebot für die Vollversion mit 5 Plätzen und Wartung.' }, config);
  }
}

/** The whole demo: master data, then its activity (`npm run seed -- --demo`, the first `npm start`). */
export async function loadDemo(portal: Portal, now = new Date()): Promise<void> {
  await seedDemo();
  await seedDemoActivity(portal, now);
}
