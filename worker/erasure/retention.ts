import { QueryTypes, type Sequelize } from 'sequelize';
import { recordAudit } from '../../models/audit.ts';
import { vacuumTouchedTables } from './execute.ts';

export interface PurgeResult { statementLines: number; statements: number }

/**
 * Deletes restricted billing records whose retention has ended (the `retain_until` day itself is
 * still kept). A restricted statement goes once none of its lines is left. Stored statement totals
 * are never recomputed, so purging one customer's lines changes no reseller's total.
 */
export async function purgeExpiredRetention(sequelize: Sequelize, today: string): Promise<PurgeResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`Not a date: ${today}`);
  const result = await sequelize.transaction(async (transaction) => {
    const remove = (sql: string) => sequelize.query<{ id: number }>(sql, { replacements: { today }, type: QueryTypes.SELECT, transaction });
    const lines = await remove(`delete from statement_lines where restricted_at is not null and retain_until < :today returning id`);
    const statements = await remove(`
      delete from statements s where s.restricted_at is not null and s.retain_until < :today
        and not exists (select 1 from statement_lines l where l.statement_id = s.id)
      returning id`);
    const counts = { statementLines: lines.length, statements: statements.length };
    if (counts.statementLines + counts.statements > 0) {
      await recordAudit({ userId: null, organizationId: null, action: 'retention.purge', details: { ...counts, today } }, transaction);
    }
    return counts;
  });
  if (result.statementLines + result.statements > 0) await vacuumTouchedTables(sequelize);
  return result;
}
