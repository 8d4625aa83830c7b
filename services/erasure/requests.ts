import { QueryTypes, UniqueConstraintError, type Sequelize } from 'sequelize';
import { approvalProblem, dueAt, notDpo, parseSubject, rejectionProblem, type Caller } from '../../models/domain/erasure-workflow.ts';
import { ErasureRequest, User } from '../../models/index.ts';
import { recordAudit } from '../../models/audit.ts';
import { dueRequestIds, executeErasure } from './execute.ts';
import { ErasureRefusal } from './refusal.ts';
import type { Progress } from '../progress.ts';
import { msg } from '../../templates/messages.ts';

/** Who is calling: by e-mail from the CLI, by user id from the panel. Refuses anyone but a DPO. */
export async function dpoCaller(by: { email: string } | { userId: number }): Promise<Caller> {
  const user = 'email' in by
    ? await User.findOne({ where: { email: by.email.trim().toLowerCase() } })
    : await User.findByPk(by.userId);
  const caller = user ? { id: user.id, email: user.email, isDpo: user.isDpo } : null;
  const problem = notDpo(caller, 'email' in by ? by.email : `#${by.userId}`);
  if (problem) throw new ErasureRefusal(problem);
  return caller!;
}

export async function resolveSubject(sequelize: Sequelize, spec: string): Promise<{ kind: 'org' | 'user'; id: number }> {
  const subject = parseSubject(spec);
  if (!subject) throw new ErasureRefusal(msg('nameSubject', { spec }));
  const byId = /^#(\d+)$/.exec(subject.key);
  const sql = subject.kind === 'user'
    ? 'select id, false as vendor from users where email = :key'
    : `select id, 'vendor' = any(views) as vendor from organizations where ${byId ? 'id = :id' : 'ref = :key'}`;
  const [row] = await sequelize.query<{ id: number; vendor: boolean }>(sql,
    { replacements: { key: subject.key, id: byId ? Number(byId[1]) : 0 }, type: QueryTypes.SELECT });
  if (!row) throw new ErasureRefusal(msg('noSubject', { kind: subject.kind, key: subject.key }));
  if (row.vendor) throw new ErasureRefusal(msg('vendorNotErased'));
  return { kind: subject.kind, id: row.id };
}

export async function fileRequest(sequelize: Sequelize, input: { subject: string; reason: string; by: Caller }): Promise<ErasureRequest> {
  const reason = input.reason.trim();
  if (!reason) throw new ErasureRefusal(msg('giveReason'));
  const subject = await resolveSubject(sequelize, input.subject);
  try {
    return await sequelize.transaction(async (transaction) => {
      const request = await ErasureRequest.create({
        subjectKind: subject.kind, subjectId: subject.id, subjectLabel: input.subject.trim(), reason, requestedBy: input.by.id,
      }, { transaction });
      await recordAudit({ userId: input.by.id, organizationId: null, action: 'erasure.request', resource: 'erasure_requests', recordId: request.id }, transaction);
      return request;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw new ErasureRefusal(msg('openErasure', { subject: input.subject.trim() }));
    throw error;
  }
}

async function lockedRequest(sequelize: Sequelize, id: number, step: (request: ErasureRequest, transaction: import('sequelize').Transaction) => Promise<void>): Promise<ErasureRequest> {
  return sequelize.transaction(async (transaction) => {
    const request = Number.isSafeInteger(id) ? await ErasureRequest.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE }) : null;
    if (!request) throw new ErasureRefusal(msg('noErasureRequest', { id }));
    await step(request, transaction);
    return request;
  });
}

export function approveRequest(sequelize: Sequelize, id: number, by: Caller, options: { fourEyes: boolean; graceDays: number; now: Date }): Promise<ErasureRequest> {
  return lockedRequest(sequelize, id, async (request, transaction) => {
    const problem = approvalProblem(request, by, options.fourEyes);
    if (problem) throw new ErasureRefusal(problem);
    await request.update({ status: 'approved', approvedBy: by.id, approvedAt: options.now, dueAt: dueAt(options.now, options.graceDays) }, { transaction });
    await recordAudit({ userId: by.id, organizationId: null, action: 'erasure.approve', resource: 'erasure_requests', recordId: id }, transaction);
  });
}

export function rejectRequest(sequelize: Sequelize, id: number, by: Caller, now: Date): Promise<ErasureRequest> {
  return lockedRequest(sequelize, id, async (request, transaction) => {
    const problem = rejectionProblem(request);
    if (problem) throw new ErasureRefusal(problem);
    // A rejected request is approved no more (the database keeps approved_at for approved and
    // executed requests only); the audit trail keeps who approved it and when.
    await request.update({ status: 'rejected', rejectedBy: by.id, rejectedAt: now, approvedBy: null, approvedAt: null, dueAt: null }, { transaction });
    await recordAudit({ userId: by.id, organizationId: null, action: 'erasure.reject', resource: 'erasure_requests', recordId: id }, transaction);
  });
}

/** A DPO executes an approved request now, grace period or not. */
export function executeNow(sequelize: Sequelize, id: number, by: Caller, dataDir: string, now = new Date()): Promise<number> {
  return executeErasure(sequelize, id, { dataDir, executedBy: by.id, now, immediately: true });
}

export interface RunResult { executed: Array<{ requestId: number; certificateId: number }>; failed: Array<{ requestId: number; error: string }> }

/** Executes every approved request whose grace period has ended; one failing subject does not stop the others. */
export async function runDueErasures(sequelize: Sequelize, dataDir: string, now: Date, onProgress?: Progress): Promise<RunResult> {
  const result: RunResult = { executed: [], failed: [] };
  const due = await dueRequestIds(now);
  for (const [index, requestId] of due.entries()) {
    try {
      result.executed.push({ requestId, certificateId: await executeErasure(sequelize, requestId, { dataDir, executedBy: null, now, immediately: false }) });
    } catch (error) {
      result.failed.push({ requestId, error: error instanceof Error ? error.message : String(error) });
    }
    onProgress?.(index + 1, due.length, `request ${requestId}`);
  }
  return result;
}
