import { AuditEvent } from './licensing.ts';
import type { Sequelize, Transaction } from 'sequelize';

export interface AuditEntry {
  userId: number | null;
  organizationId: number | null;
  action: string;
  resource?: string;
  recordId?: string | number | null;
  details?: Record<string, unknown>;
}

const auditRow = (entry: AuditEntry) => ({
  userId: entry.userId,
  organizationId: entry.organizationId,
  action: entry.action,
  resource: entry.resource ?? null,
  recordId: entry.recordId === undefined || entry.recordId === null ? null : String(entry.recordId),
  details: entry.details ?? {},
});

export async function recordAudit(entry: AuditEntry, transaction?: Transaction): Promise<void> {
  await AuditEvent.create(auditRow(entry), { transaction });
}

/** Several entries in one INSERT (a bulk write's rows, services/audit-trail.ts auditWrites). */
export async function recordAudits(entries: AuditEntry[], transaction?: Transaction): Promise<void> {
  await AuditEvent.bulkCreate(entries.map(auditRow), { transaction });
}

/**
 * Runs `rewrite` with the audit trail's append-only trigger (migration 008) lifted for this
 * transaction only, and restores it before returning, so the rest of the transaction is held to
 * the trigger's rules again. The one legitimate caller is the GDPR erasure scrubbing personal data.
 */
export async function rewritingAuditTrail<T>(sequelize: Sequelize, transaction: Transaction, rewrite: () => Promise<T>): Promise<T> {
  await sequelize.query(`set local portal.audit_maintenance = 'on'`, { transaction });
  const result = await rewrite();
  await sequelize.query(`set local portal.audit_maintenance = 'off'`, { transaction });
  return result;
}
