import fs from 'node:fs/promises';
import path from 'node:path';
import { Op, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { planErasure, pseudonymFor, subjectHash, type ErasurePlan, type RetainedRecordType, type RetentionRule } from '../../models/domain/erasure-plan.ts';
import { executionProblem } from '../../models/domain/erasure-workflow.ts';
import { ErasureCertificate, ErasureRequest, Organization, RetentionSetting } from '../../models/index.ts';
import { recordAudit, rewritingAuditTrail } from '../../models/audit.ts';
import { gatherHoldings, outboxDir, type SubjectRef } from './holdings.ts';
import { ErasureRefusal } from './refusal.ts';
import { msg } from '../../templates/messages.ts';

/**
 * Tables an erasure or a retention purge rewrites. A plain VACUUM frees dead row versions but
 * leaves their bytes in the page until overwritten (measured: deleted users and scrubbed audit
 * details stayed readable in the table files), so each is rewritten whole with VACUUM FULL: an
 * exclusive lock for the length of the rewrite, taken by the nightly job or a DPO's "execute now".
 */
const TOUCHED_TABLES = [
  'organizations', 'users', 'memberships', 'sessions', 'custom_property_values', 'erasure_requests', 'invitations',
  'audit_events', 'licenses', 'statements', 'statement_lines', 'statement_runs', 'job_claims',
  // A deleted user's second factor goes with it (on delete cascade).
  'second_factors', 'recovery_codes', 'second_factor_failures',
  'offer_requests', 'support_messages', 'webhook_deliveries',
];

export async function installationSalt(sequelize: Sequelize, transaction?: Transaction): Promise<string> {
  const [row] = await sequelize.query<{ value: string }>(`select value from installation_secrets where name = 'erasure_subject_salt'`,
    { type: QueryTypes.SELECT, transaction });
  if (!row) throw new Error('The installation salt is missing; run the migrations.');
  return row.value;
}

export async function retentionRules(transaction?: Transaction): Promise<Record<RetainedRecordType, RetentionRule>> {
  const rows = await RetentionSetting.findAll({ transaction });
  const rule = (type: RetainedRecordType) => {
    const row = rows.find((r) => r.recordType === type);
    if (!row) throw new Error(`No retention setting for ${type}.`);
    return { years: row.retentionYears, legalBasis: row.legalBasis };
  };
  return { statements: rule('statements'), statement_lines: rule('statement_lines') };
}

/**
 * The key the subject hash is made of: what the DPO names it by (org ref, or #id without one; e-mail).
 * Inside a transaction (the erasure's) the row is locked, so the key cannot change before the
 * certificate carrying its hash is filed.
 */
async function subjectKey(sequelize: Sequelize, subject: SubjectRef, transaction?: Transaction): Promise<string | null> {
  const lock = transaction ? ' for update' : '';
  const sql = subject.kind === 'org'
    ? `select coalesce(ref, '#' || id) as key from organizations where id = :id${lock}`
    : `select email as key from users where id = :id${lock}`;
  const [row] = await sequelize.query<{ key: string }>(sql, { replacements: { id: subject.id }, type: QueryTypes.SELECT, transaction });
  return row?.key ?? null;
}

/** The subject's hash as its certificate would carry it: it names the subject to whoever knows the subject, to nobody else. */
export async function currentSubjectHash(sequelize: Sequelize, subject: SubjectRef): Promise<string | null> {
  const key = await subjectKey(sequelize, subject);
  return key === null ? null : subjectHash(await installationSalt(sequelize), subject.kind, key);
}

async function actor(sequelize: Sequelize, userId: number | null, transaction: Transaction) {
  if (userId === null) return { userId: null, email: null };
  const [row] = await sequelize.query<{ email: string }>('select email from users where id = :userId',
    { replacements: { userId }, type: QueryTypes.SELECT, transaction });
  return { userId, email: row?.email ?? null };
}

async function apply(sequelize: Sequelize, plan: ErasurePlan, transaction: Transaction): Promise<void> {
  const run = (sql: string, replacements: Record<string, unknown>) => sequelize.query(sql, { replacements, transaction });
  if (plan.deleteSessionIds.length) await run('delete from sessions where sid in (:ids)', { ids: plan.deleteSessionIds });
  if (plan.deleteMembershipIds.length) await run('delete from memberships where id in (:ids)', { ids: plan.deleteMembershipIds });
  if (plan.deleteInvitationIds.length) await run('delete from invitations where id in (:ids)', { ids: plan.deleteInvitationIds });
  if (plan.deleteWebhookDeliveryIds.length) await run('delete from webhook_deliveries where id in (:ids)', { ids: plan.deleteWebhookDeliveryIds });
  // Set-based: one statement per table however many rows the subject has (a customer with 10,000
  // licenses and their statement lines is one UPDATE each, not 10,000 round trips).
  if (plan.auditEvents.length) {
    await rewritingAuditTrail(sequelize, transaction, () => run(`
      update audit_events a set details = v.details::jsonb, user_id = case when v.unlink then null else a.user_id end
      from unnest(array[:ids]::bigint[], array[:details]::text[], array[:unlink]::boolean[]) as v(id, details, unlink)
      where a.id = v.id`, {
      ids: plan.auditEvents.map((e) => e.id), details: plan.auditEvents.map((e) => JSON.stringify(e.details)), unlink: plan.auditEvents.map((e) => e.unlinkUser),
    }));
  }
  if (plan.deleteUserIds.length) await run('delete from users where id in (:ids)', { ids: plan.deleteUserIds });
  if (plan.deleteCustomPropertyValueIds.length) await run('delete from custom_property_values where id in (:ids)', { ids: plan.deleteCustomPropertyValueIds });
  if (plan.organization) await Organization.update(plan.organization.values, { where: { id: plan.organization.id }, transaction });
  if (plan.licenses.length) {
    await run(`update licenses l set device = v.device, updated_at = now()
      from unnest(array[:ids]::integer[], array[:devices]::text[]) as v(id, device) where l.id = v.id`,
    { ids: plan.licenses.map((l) => l.id), devices: plan.licenses.map((l) => l.device) });
  }
  for (const cell of plan.texts) {
    const key = cell.table === 'job_claims' ? 'key' : 'id';
    await run(`update ${cell.table} set ${cell.column} = :text where ${key}::text = :id`, { text: cell.text, id: String(cell.id) });
  }
  for (const table of ['statements', 'statement_lines'] as const) {
    const rows = plan.restrict.filter((r) => r.table === table);
    if (rows.length === 0) continue;
    await run(`update ${table} t set restricted_at = now(), retain_until = v.until
      from unnest(array[:ids]::bigint[], array[:untils]::date[]) as v(id, until) where t.id = v.id and t.restricted_at is null`,
    { ids: rows.map((r) => r.id), untils: rows.map((r) => r.retainUntil) });
  }
}

export interface ExecuteOptions {
  dataDir: string;
  /** The DPO executing; null when the scheduled worker runs a due request. */
  executedBy: number | null;
  now: Date;
  /** A DPO executes at once, without waiting for the grace period. */
  immediately: boolean;
}

/**
 * Executes one approved erasure request in one transaction: gather what is held, plan, apply, file
 * the certificate. Outbox mails are deleted last inside it, so a failure before leaves them in
 * place with the database unchanged. Returns the certificate id.
 */
export async function executeErasure(sequelize: Sequelize, requestId: number, options: ExecuteOptions): Promise<number> {
  const certificateId = await sequelize.transaction(async (transaction) => {
    const request = await ErasureRequest.findByPk(requestId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!request) throw new ErasureRefusal(msg('noErasureRequest', { id: requestId }));
    const problem = executionProblem(request, options.now, options.immediately);
    if (problem) throw new ErasureRefusal(problem);
    const key = await subjectKey(sequelize, { kind: request.subjectKind, id: request.subjectId }, transaction);
    const outbox = outboxDir(options.dataDir);
    const holdings = key === null ? null : await gatherHoldings(sequelize, { kind: request.subjectKind, id: request.subjectId }, outbox, transaction);
    if (key === null || !holdings) throw new ErasureRefusal(msg('subjectGone', { id: requestId }));
    const hash = subjectHash(await installationSalt(sequelize, transaction), request.subjectKind, key);
    const pseudonym = pseudonymFor(hash);
    const plan = planErasure({ holdings, pseudonym, retention: await retentionRules(transaction) });
    await apply(sequelize, plan, transaction);

    await request.update({
      status: 'executed', executedAt: options.now, executedBy: options.executedBy, subjectLabel: pseudonym, subjectHash: hash, pseudonym,
    }, { transaction });
    const certificate = await ErasureCertificate.create({
      requestId: request.id,
      subjectKind: request.subjectKind,
      subjectHash: hash,
      pseudonym,
      actors: {
        requested: await actor(sequelize, request.requestedBy, transaction),
        approved: await actor(sequelize, request.approvedBy, transaction),
        executed: await actor(sequelize, options.executedBy, transaction),
      },
      requestedAt: request.requestedAt,
      approvedAt: request.approvedAt,
      executedAt: options.now,
      ...plan.summary,
    }, { transaction });
    await recordAudit({
      userId: options.executedBy, organizationId: request.subjectKind === 'org' ? request.subjectId : null,
      action: 'erasure.execute', resource: 'erasure_requests', recordId: request.id, details: { certificateId: certificate.id, pseudonym },
    }, transaction);
    for (const name of plan.deleteOutboxFiles) await fs.rm(path.join(outbox, name), { force: true });
    return certificate.id;
  });
  await vacuumTouchedTables(sequelize);
  return certificateId;
}

export async function vacuumTouchedTables(sequelize: Sequelize): Promise<void> {
  await sequelize.query(`vacuum full ${TOUCHED_TABLES.join(', ')}`);
}

export async function dueRequestIds(now: Date): Promise<number[]> {
  const due = await ErasureRequest.findAll({ where: { status: 'approved', dueAt: { [Op.lte]: now } }, order: [['id', 'ASC']], attributes: ['id'] });
  return due.map((r) => r.id);
}
