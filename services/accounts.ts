/**
 * People's accounts. An admin creates a new account for its organization (or one below) with an
 * initial password it hands over, which the user must replace at the first login; after that only
 * the user sets its password or e-mail, proving the current password. Editing another person's
 * account is limited to name, language (and, for vendor admins, the DPO flag) by the field rules,
 * and refused for accounts that also belong outside the admin's reach (row-rules.ts).
 */
import { DataTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import { Membership, User } from '../models/index.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../models/passwords.ts';
import { prepareWrite, inTransaction, visible, type Input, type Row } from './records.ts';
import { auditOperation, auditWrite } from './audit-trail.ts';
import { checkField } from './field-input.ts';
import { Refusal } from './refusal.ts';
import { endSessionsOf } from './sessions.ts';
import { msg } from '../templates/messages.ts';

/** Input fields of a new account that are not columns of users. */
const NEW_ACCOUNT_FIELDS = { password: new DataTypes.TEXT(), organizationId: new DataTypes.INTEGER(), role: new DataTypes.TEXT() };

// The same answer whether the address belongs to someone in reach or anywhere else: an admin learns
// nothing about other tenants' people from it. Inviting works for new and existing accounts alike.
const ADDRESS_TAKEN = { email: msg('addressTaken') };

export async function createAccount(db: Sequelize, actor: Actor, input: Input): Promise<Row> {
  return inTransaction(db, 'users', async (transaction) => {
    const { scope, values } = await prepareWrite(db, actor, 'users', 'create', input, { virtual: NEW_ACCOUNT_FIELDS, transaction });
    const { password: _checked, organizationId, role, ...userValues } = values;
    const problem = passwordProblem(input.password);
    if (problem) throw Refusal.ofFields(422, { password: problem });
    const membership = actor.view !== 'vendor' || organizationId !== null;
    if (membership && (organizationId === null || role === null || role === undefined)) {
      throw Refusal.ofFields(422, { organizationId: msg('chooseOrganizationAndRole') });
    }
    if (await User.count({ where: { email: userValues.email }, transaction }) > 0) throw Refusal.ofFields(409, ADDRESS_TAKEN);
    const user = await User.create({ ...userValues, passwordHash: await hashPassword(String(input.password)), passwordChangeRequired: true }, { transaction });
    if (membership) await Membership.create({ userId: user.id, organizationId, role }, { transaction });
    const row = user.toJSON() as Row;
    await auditWrite(actor, 'users', 'create', { ...row, organizationId, role }, undefined, transaction);
    return visible(scope, row);
  });
}

/** Who the caller is, for the self-service changes: the logged-in user, and nobody else. */
async function ownAccount(userId: number, currentPassword: unknown): Promise<User> {
  const user = await User.findByPk(userId);
  if (!user) throw new Refusal(404, msg('accountGone'));
  if (!await verifyPassword(String(currentPassword ?? ''), user.passwordHash)) throw Refusal.ofFields(422, { currentPassword: msg('notCurrentPassword') });
  return user;
}

/**
 * The user's own password or e-mail: every other session of the account ends in the same
 * transaction; `keepSession` is the id of the session that proved the current password (null: none stays).
 */
export async function changeOwnPassword(db: Sequelize, actor: Actor, input: { currentPassword?: unknown; newPassword?: unknown }, keepSession: string | null = null): Promise<void> {
  const user = await ownAccount(actor.userId, input.currentPassword);
  const problem = passwordProblem(input.newPassword);
  if (problem) throw Refusal.ofFields(422, { newPassword: problem });
  if (input.newPassword === input.currentPassword) throw Refusal.ofFields(422, { newPassword: msg('mustDifferFromCurrent') });
  const passwordHash = await hashPassword(String(input.newPassword));
  await inTransaction(db, 'users', async (transaction) => {
    await user.update({ passwordHash, passwordChangeRequired: false }, { transaction });
    await auditOperation(actor, 'users', 'password', actor.organizationId, user.id, { passwordHash: { changed: true } }, transaction);
    await endSessionsOf(db, [user.id], transaction, keepSession);
  });
}

export async function changeOwnEmail(db: Sequelize, actor: Actor, input: { currentPassword?: unknown; email?: unknown }, keepSession: string | null = null): Promise<void> {
  const user = await ownAccount(actor.userId, input.currentPassword);
  const checked = checkField(User, 'users', 'email', input.email);
  if (!checked.ok || checked.value === null) throw Refusal.ofFields(422, { email: checked.ok ? msg('required') : checked.problem });
  if (checked.value === user.email) return;
  await inTransaction(db, 'users', async (transaction) => {
    if (await User.count({ where: { email: checked.value as string }, transaction }) > 0) throw Refusal.ofFields(409, ADDRESS_TAKEN);
    const before = user.email;
    await user.update({ email: checked.value }, { transaction });
    await auditOperation(actor, 'users', 'email', actor.organizationId, user.id, { email: { before, after: user.email } }, transaction);
    await endSessionsOf(db, [user.id], transaction, keepSession);
  });
}

/**
 * The user's own language (the panel's, and the account and second-factor pages'): no password
 * asked, as it changes nothing but the wording the user reads. Audited like the other own changes.
 */
export async function changeOwnLocale(db: Sequelize, actor: Actor, input: { locale?: unknown }): Promise<User['locale']> {
  const checked = checkField(User, 'users', 'locale', input.locale);
  if (!checked.ok || checked.value === null) throw Refusal.ofFields(422, { locale: checked.ok ? msg('required') : checked.problem });
  const locale = checked.value as User['locale'];
  await inTransaction(db, 'users', async (transaction) => {
    const user = await User.findByPk(actor.userId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!user) throw new Refusal(404, msg('accountGone'));
    if (user.locale === locale) return;
    const before = user.locale;
    await user.update({ locale }, { transaction });
    await auditOperation(actor, 'users', 'locale', actor.organizationId, user.id, { locale: { before, after: locale } }, transaction);
  });
  return locale;
}
