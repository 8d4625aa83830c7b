import { QueryTypes, type Sequelize } from 'sequelize';
import { recordAudit } from '../../models/audit.ts';
import { calendarDateIn } from '../../models/domain/vendor-time.ts';
import { vacuumTouchedTables } from './execute.ts';

export interface PurgeResult { statementLines: number; statements: number }

/**
 * Ends the retention of restricted billing records whose `retain_until` has passed (that day
 * itself is still kept): what is personal in them goes, the billing facts stay.
 *
 * Deleting the rows would corrupt billing: the statement run settles every earlier issued period
 * of a reseller against the charge lines stored for it, so a deleted charge line would be charged
 * again as an adjustment on the next statement (the one-charge index would no longer stop it),
 * and a deleted statement would free its (reseller, period) for a re-issue. So a line keeps its
 * amounts and loses the customer's name (its customer number becomes the organization's current,
 * pseudonymous one); a statement of an erased reseller takes the reseller's pseudonym, ref and
 * customer number and loses the address, logo, billing e-mail, mail destination and mail error it
 * was issued with. Neither is restricted afterwards: nothing personal is left. Totals, and the sums
 * of lines, do not change.
 *
 * "Today" is the vendor's calendar date at `now` (VENDOR_TIMEZONE), as everywhere else.
 */
export async function purgeExpiredRetention(sequelize: Sequelize, { now, timeZone }: { now: Date; timeZone: string }): Promise<PurgeResult> {
  const today = calendarDateIn(now, timeZone);
  const result = await sequelize.transaction(async (transaction) => {
    const purge = (sql: string) => sequelize.query<{ id: number }>(sql, { replacements: { today }, type: QueryTypes.SELECT, transaction });
    const lines = await purge(`
      update statement_lines l set customer_name = null, customer_number = coalesce(o.customer_number, l.customer_number),
        restricted_at = null, retain_until = null
      from statement_lines x left join organizations o on o.id = x.customer_id
      where x.id = l.id and l.restricted_at is not null and l.retain_until < :today
      returning l.id`);
    const statements = await purge(`
      update statements s set reseller_name = o.name, reseller_ref = o.ref,
        reseller_customer_number = coalesce(o.customer_number, s.reseller_customer_number),
        reseller_street = null, reseller_zip = null, reseller_city = null, reseller_country = null,
        reseller_logo = null, reseller_logo_content_type = null, billing_email = null, mail_to = null, mail_error = null,
        restricted_at = null, retain_until = null
      from organizations o
      where o.id = s.reseller_id and s.restricted_at is not null and s.retain_until < :today
      returning s.id`);
    const counts = { statementLines: lines.length, statements: statements.length };
    if (counts.statementLines + counts.statements > 0) {
      await recordAudit({ userId: null, organizationId: null, action: 'retention.purge', details: { ...counts, today } }, transaction);
    }
    return counts;
  });
  if (result.statementLines + result.statements > 0) await vacuumTouchedTables(sequelize);
  return result;
}
