import { AuditEvent } from './licensing.ts';
import type { Transaction } from 'sequelize';

export interface AuditEntry {
  userId: number | null;
  organizationId: number | null;
  action: string;
  resource?: string;
  recordId?: string | number | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(entry: AuditEntry, transaction?: Transaction): Promise<void> {
  await AuditEvent.create({
    userId: entry.userId,
    organizationId: entry.organizationId,
    action: entry.action,
    resource: entry.resource ?? null,
    recordId: entry.recordId === undefined || entry.recordId === null ? null : String(entry.recordId),
    details: entry.details ?? {},
  }, { transaction });
}
