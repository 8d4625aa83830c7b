/**
 * Creating, changing and deleting rows of a resource: one authorization call, the actor's field
 * rules, the input checks, the tenant and reference checks, then one transaction holding the write
 * and its audit entry. Resources with rules of their own (people, invitations, organizations'
 * data policy) build on these pieces in their own services.
 */
import type { Model, Sequelize, Transaction } from 'sequelize';
import { can, checkWrite, fieldsWritable, rowScope, type Actor, type ResourceId } from '../models/domain/policy.ts';
import { MODELS } from '../models/index.ts';
import { authorize, findInScope, lockedInScope, scopeFor, type Scope } from './reach.ts';
import { checkField, requiredFields, type Checked } from './field-input.ts';
import { refusalFromDatabase } from './db-errors.ts';
import { Refusal, forbidden, notFound } from './refusal.ts';
import { auditWrite } from './audit-trail.ts';
import { rowChangeRefusal, rowValueProblems } from './row-rules.ts';
import { endSessionsOf, sessionsEndedBy } from './sessions.ts';
import { msg, type Message } from '../templates/messages.ts';

export type Input = Record<string, unknown>;
export type Row = Record<string, unknown>;

// Kept by the database; a form sends them back unchanged, which is no write (prepareWrite compares).
const SYSTEM_FIELDS = new Set(['id', 'createdAt', 'updatedAt']);
const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/** Whether a sent value equals the stored one, compared as the column holds it. */
function sameAsStored(stored: unknown, raw: unknown, checked: Checked): boolean {
  if (isEmpty(raw) && isEmpty(stored)) return true;
  if (stored instanceof Date) return typeof raw === 'string' && Date.parse(raw) === stored.getTime();
  return checked.ok && JSON.stringify(stored ?? null) === JSON.stringify(checked.value ?? null);
}

/** Input fields that are not columns but that a resource's service reads (with the type used to check them). */
export type VirtualFields = Record<string, unknown>;

export interface PreparedWrite { scope: Scope; values: Row; current?: Model }

/**
 * A create or update the policy does not give the actor at all is refused with 403 naming each
 * field sent (as prepareWrite names fields outside the actor's rules), or plainly when none was sent.
 */
export function assertMayWrite(actor: Actor, resource: ResourceId, mode: 'create' | 'update', input: Input): void {
  if (can(actor, resource, mode)) return;
  const fields = Object.keys(input).filter((field) => !SYSTEM_FIELDS.has(field));
  throw fields.length === 0 ? forbidden() : Refusal.ofFields(403, Object.fromEntries(fields.map((field) => [field, msg('mayNotSet')])));
}

/**
 * The values the actor may write: every field outside its rules that would change something is
 * refused with 403 naming it, every value is checked (422), nothing is written yet. On update a
 * field sent unchanged is not a write (forms send every field they show).
 */
export async function prepareWrite(db: Sequelize, actor: Actor, resource: ResourceId, mode: 'create' | 'update', input: Input,
  options: {
    id?: unknown; virtual?: VirtualFields; transaction?: Transaction;
    /** Columns the calling service fills in itself, after this check. */
    setByService?: string[];
    /** Values the calling service sets (never from the input): checked with the rest for tenant, references and row rules. */
    fixed?: Row;
    /** The calling service's own checks of the checked values (field → problem), refused together with the rest (422). */
    check?: (values: Row) => Record<string, Message>;
  } = {}): Promise<PreparedWrite> {
  assertMayWrite(actor, resource, mode, input);
  const scope = await authorize(db, actor, resource, mode);
  const current = mode === 'update' ? await findInScope(scope, resource, options.id, { transaction: options.transaction, lock: true }) : undefined;
  if (mode === 'update' && !current) throw notFound(msg('record', { resource, id: options.id }));
  const before = current?.toJSON() as Row | undefined;
  const model = MODELS[resource];
  const allowed = new Set(fieldsWritable(actor, resource, mode));
  const denied: Record<string, Message> = {};
  const invalid: Record<string, Message> = {};
  const values: Row = {};
  for (const [field, raw] of Object.entries(input)) {
    const checked = checkField(model, resource, field, raw, options.virtual);
    // On create, a value equal to the column's default (a form's preselected status) is no write either.
    const unchanged = before ? sameAsStored(before[field], raw, checked)
      : isEmpty(raw) || (checked.ok && model.getAttributes()[field]?.defaultValue === checked.value);
    if (!allowed.has(field)) {
      if (!unchanged) denied[field] = msg(scope.hidden.includes(field) ? 'notWritableInView' : 'mayNotSet');
    } else if (!checked.ok) {
      invalid[field] = checked.problem;
    } else if (!unchanged) {
      values[field] = checked.value;
    }
  }
  if (Object.keys(denied).length > 0) throw Refusal.ofFields(403, denied);
  Object.assign(values, options.fixed ?? {});
  if (mode === 'create') {
    for (const field of requiredFields(model)) {
      if (isEmpty(values[field]) && !invalid[field] && !options.setByService?.includes(field)) invalid[field] = msg('required');
    }
  }
  for (const [field, problem] of Object.entries(options.check?.(values) ?? {})) invalid[field] ??= problem;
  if (Object.keys(invalid).length > 0) throw Refusal.ofFields(422, invalid);
  const refused = checkWrite(actor, resource, values, { reachableOrgIds: scope.reachable, current: before });
  if (Object.keys(refused).length > 0) throw Refusal.ofFields(403, refused);
  if (before) {
    const refusal = await rowChangeRefusal(actor, scope.reachable, resource, before, options.transaction);
    if (refusal) throw refusal;
  }
  const clash = rowValueProblems(resource, { ...before, ...values }, values);
  if (Object.keys(clash).length > 0) throw Refusal.ofFields(422, clash);
  await assertReferencesVisible(actor, scope, resource, values, options.transaction);
  return { scope, values, current: current ?? undefined };
}

/** A reference may only point at a row the actor can see in the referenced table. */
async function assertReferencesVisible(actor: Actor, scope: Scope, resource: ResourceId, values: Row, transaction?: Transaction): Promise<void> {
  const attributes = MODELS[resource].getAttributes();
  const problems: Record<string, Message> = {};
  for (const [field, value] of Object.entries(values)) {
    const table = (attributes[field]?.references as { model?: string } | undefined)?.model as ResourceId | undefined;
    if (!table || value === null) continue;
    const target = rowScope(actor, table) ? scopeFor(actor, scope.reachable, table) : null;
    if (!target || !await findInScope(target, table, value, { transaction })) problems[field] = msg('chooseVisibleRecord');
  }
  if (Object.keys(problems).length > 0) throw Refusal.ofFields(422, problems);
}

/** Runs `write` in one transaction and maps the database's refusals. */
export async function inTransaction<T>(db: Sequelize, resource: ResourceId, write: (transaction: Transaction) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(write);
  } catch (error) {
    throw refusalFromDatabase(error, resource);
  }
}

/** The row as the actor may see it: hidden fields removed. */
export function visible(scope: Scope, row: Row): Row {
  for (const field of scope.hidden) delete row[field];
  return row;
}

/** `along`: what a resource's service makes with the new row, in the same transaction (a new customer's trial licenses). */
export async function createRecord(db: Sequelize, actor: Actor, resource: ResourceId, input: Input,
  along?: (row: Row, transaction: Transaction) => Promise<void>): Promise<Row> {
  return inTransaction(db, resource, async (transaction) => {
    const { scope, values } = await prepareWrite(db, actor, resource, 'create', input, { transaction });
    const row = (await MODELS[resource].create(values, { transaction })).toJSON() as Row;
    await auditWrite(actor, resource, 'create', row, undefined, transaction);
    await endSessionsOf(db, sessionsEndedBy(resource, undefined, row), transaction);
    await along?.(row, transaction);
    return visible(scope, row);
  });
}

export async function updateRecord(db: Sequelize, actor: Actor, resource: ResourceId, id: unknown, input: Input): Promise<Row> {
  return inTransaction(db, resource, async (transaction) => {
    const { scope, values, current } = await prepareWrite(db, actor, resource, 'update', input, { id, transaction });
    const before = current!.toJSON() as Row;
    const row = (await current!.update(values, { transaction })).toJSON() as Row;
    await auditWrite(actor, resource, 'update', row, before, transaction);
    await endSessionsOf(db, sessionsEndedBy(resource, before, row), transaction);
    return visible(scope, row);
  });
}

export async function deleteRecord(db: Sequelize, actor: Actor, resource: ResourceId, id: unknown): Promise<void> {
  await deleteRecords(db, actor, resource, [id]);
}

/**
 * Deletes the rows with the given ids in one transaction: when one of them is refused (out of
 * reach, still in use), none is deleted.
 */
export async function deleteRecords(db: Sequelize, actor: Actor, resource: ResourceId, ids: unknown[]): Promise<void> {
  await inTransaction(db, resource, async (transaction) => {
    const scope = await authorize(db, actor, resource, 'delete');
    for (const id of ids) {
      const current = await lockedInScope(scope, resource, id, transaction);
      const before = current.toJSON() as Row;
      const refusal = await rowChangeRefusal(actor, scope.reachable, resource, before, transaction);
      if (refusal) throw refusal;
      // Audited while the row still exists: its webhook recipients are whoever reads it (webhook-outbox.ts).
      await auditWrite(actor, resource, 'delete', before, before, transaction);
      await current.destroy({ transaction });
      await endSessionsOf(db, sessionsEndedBy(resource, before, undefined), transaction);
    }
  });
}
