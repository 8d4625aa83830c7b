/**
 * The worker's daily licensing job (rules: models/domain/licensing-rules.ts): demo licenses past
 * their days expire, NFR licenses renew themselves for their term, licenses on recall whose term
 * ended are removed from use. Run by the worker (worker/licensing-jobs.ts, one claim per slot) and
 * by `npm run cli -- licensing run [--now <ISO date>]`, as the system actor.
 *
 * Each license changes in a transaction of its own with its audit entry (`licenses.expire`,
 * `licenses.renew`, `licenses.remove`), the row locked and the rule applied again to what is
 * stored, so a run that meets another (CLI and worker at once) or a second run on the same day
 * changes nothing more.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import { dailyLicensingChange, type LicenseForJob, type LicensingOperation } from '../models/domain/licensing-rules.ts';
import { License } from '../models/index.ts';
import type { IsoDate } from '../reports/calendar.ts';
import { auditOperation, changesBetween } from './audit-trail.ts';
import { inTransaction } from './records.ts';

export interface LicensingRunResult {
  today: IsoDate;
  changed: Array<{ licenseId: number; operation: LicensingOperation; licenseKey: string }>;
}

interface Candidate { id: number }

/** The licenses the rules may change today (the rules decide each one again under its lock). */
async function candidates(db: Sequelize, today: IsoDate): Promise<number[]> {
  const rows = await db.query<Candidate>(
    `select id from licenses
      where status = 'recalled'
         or (status in ('inactive', 'active') and kind in ('demo', 'nfr') and expires_on <= :today)
      order by id`, { replacements: { today }, type: QueryTypes.SELECT });
  return rows.map((r) => Number(r.id));
}

async function jobView(db: Sequelize, license: License, transaction: import('sequelize').Transaction): Promise<LicenseForJob> {
  const [extra] = await db.query<{ interval: 'month' | 'year' | null; recall_ends_on: string | null }>(
    `select a.interval,
            (select max(s.cancelled_on)::text from subscriptions s where s.license_id = :id and s.cancelled_on is not null) as recall_ends_on
       from articles a where a.id = :articleId`,
    { replacements: { id: license.id, articleId: license.articleId }, type: QueryTypes.SELECT, transaction });
  return {
    kind: license.kind, status: license.status, device: license.device, expiresOn: license.expiresOn,
    articleInterval: extra?.interval ?? null, recallEndsOn: extra?.recall_ends_on ?? null,
  };
}

export async function runLicensingJob(db: Sequelize, actor: Actor, today: IsoDate): Promise<LicensingRunResult> {
  const changed: LicensingRunResult['changed'] = [];
  for (const id of await candidates(db, today)) {
    const done = await inTransaction(db, 'licenses', async (transaction) => {
      const license = await License.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
      if (!license) return null;
      const change = dailyLicensingChange(await jobView(db, license, transaction), today);
      if (!change) return null;
      const before = license.toJSON() as Record<string, unknown>;
      await license.update(change.next, { transaction });
      await auditOperation(actor, 'licenses', change.operation, license.organizationId, license.id,
        changesBetween(before, license.toJSON() as Record<string, unknown>, ['status', 'device', 'expiresOn']), transaction, { job: 'licensing', today });
      return { licenseId: license.id, operation: change.operation, licenseKey: license.licenseKey };
    });
    if (done) changed.push(done);
  }
  return { today, changed };
}
