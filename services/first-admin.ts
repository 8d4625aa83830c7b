/**
 * The first vendor admin of a production installation. Production never loads the demo data (its
 * users have a published password), so an installation starts with nobody who can log in: the
 * start creates the vendor organization if missing and, while no vendor admin exists, draws a
 * random token, stores only its SHA-256 and prints the link `${PUBLIC_URL}/setup?token=…`. The
 * setup page creates the user and its admin membership, in one transaction that also deletes every
 * setup token; once any vendor admin exists, every setup link is refused.
 */
import { randomBytes } from 'node:crypto';
import { Op, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Config } from '../models/config.ts';
import { Membership, Organization, User } from '../models/index.ts';
import { recordAudit } from '../models/audit.ts';
import { tokenHash } from '../models/domain/invitation-rules.ts';
import { setupProblem, type SetupProblem } from '../models/domain/first-admin-rules.ts';
import { checkField } from './field-input.ts';
import { Refusal } from './refusal.ts';
import { msg, type Message } from '../templates/messages.ts';

/** installation_secrets rows `first-admin:<sha256 of the token>`; one per start that printed a link. */
const TOKEN_PREFIX = 'first-admin:';
/** Serializes the production start and the setup page: two submissions never create two first admins. */
const LOCK = 'first-admin-setup';

const lock = (sequelize: Sequelize, transaction: Transaction) =>
  sequelize.query('select pg_advisory_xact_lock(hashtext(:key))', { replacements: { key: LOCK }, transaction });

/** An admin membership in an organization holding the vendor view. */
export async function vendorAdminExists(sequelize: Sequelize, transaction?: Transaction): Promise<boolean> {
  const rows = await sequelize.query(`
    select 1 from memberships m join organizations o on o.id = m.organization_id
    where m.role = 'admin' and 'vendor' = any(o.views) limit 1`, { type: QueryTypes.SELECT, transaction });
  return rows.length > 0;
}

async function vendorOrganization(transaction?: Transaction): Promise<Organization | null> {
  return Organization.findOne({ where: { views: { [Op.contains]: ['vendor'] } }, order: [['id', 'ASC']], transaction });
}

export interface ProductionStart {
  /** The one-time link to print, or null when a vendor admin exists. */
  link: string | null;
  createdVendor: boolean;
}

/**
 * What a production start does instead of seeding: the vendor organization (created if missing)
 * and, while it has no admin, a fresh setup link. Links of earlier starts keep working until they
 * expire (INVITATION_DAYS) or the first admin exists.
 */
export async function prepareProductionStart(sequelize: Sequelize, config: Config, now = new Date()): Promise<ProductionStart> {
  return sequelize.transaction(async (transaction) => {
    await lock(sequelize, transaction);
    let createdVendor = false;
    if (!await vendorOrganization(transaction)) {
      await Organization.create({ ref: 'vendor', name: 'Vendor', views: ['vendor'] }, { transaction });
      createdVendor = true;
    }
    if (await vendorAdminExists(sequelize, transaction)) {
      await deleteTokens(sequelize, transaction);
      return { link: null, createdVendor };
    }
    await sequelize.query(`delete from installation_secrets where name like :prefix and created_at <= :cutoff::timestamptz`, {
      replacements: { prefix: `${TOKEN_PREFIX}%`, cutoff: new Date(now.getTime() - config.invitationDays * 86_400_000).toISOString() }, transaction,
    });
    const token = randomBytes(32).toString('base64url');
    const hash = tokenHash(token);
    await sequelize.query(`insert into installation_secrets (name, value, created_at) values (:name, :hash, :now::timestamptz)`, {
      replacements: { name: `${TOKEN_PREFIX}${hash}`, hash, now: now.toISOString() }, transaction,
    });
    return { link: `${config.publicUrl.replace(/\/+$/, '')}/setup?token=${encodeURIComponent(token)}`, createdVendor };
  });
}

function deleteTokens(sequelize: Sequelize, transaction: Transaction) {
  return sequelize.query(`delete from installation_secrets where name like :prefix`, { replacements: { prefix: `${TOKEN_PREFIX}%` }, transaction });
}

async function storedToken(sequelize: Sequelize, token: string, transaction?: Transaction): Promise<{ createdAt: Date } | null> {
  if (!token) return null;
  const [row] = await sequelize.query<{ created_at: Date }>(`select created_at from installation_secrets where name = :name`,
    { replacements: { name: `${TOKEN_PREFIX}${tokenHash(token)}` }, type: QueryTypes.SELECT, transaction });
  return row ? { createdAt: new Date(row.created_at) } : null;
}

/** Why the link with `token` does not work now, or null; with the vendor organization it sets up. */
export async function checkSetupToken(sequelize: Sequelize, token: string, config: Config, now = new Date()): Promise<{ problem: SetupProblem | null; vendor: Organization | null }> {
  const problem = setupProblem(await storedToken(sequelize, token), await vendorAdminExists(sequelize), now, config.invitationDays);
  return { problem, vendor: problem ? null : await vendorOrganization() };
}

export class SetupRefused extends Error {
  constructor(readonly problem: SetupProblem) { super(problem); }
}

export interface FirstAdminInput { name?: unknown; email?: unknown; locale: 'de' | 'en' }

/**
 * Creates the first vendor admin with the password chosen on the page (already checked by the
 * caller): the user, its admin membership in the vendor organization and the audit entry, and every
 * setup token is deleted. Locked and checked again inside the transaction: of two submissions the
 * second finds the setup done. A taken address answers 409 naming `email`; nothing changed.
 */
export async function createFirstAdmin(sequelize: Sequelize, token: string, input: FirstAdminInput, passwordHash: string, config: Config, now = new Date()): Promise<User> {
  const name = checkField(User, 'users', 'name', input.name);
  const email = checkField(User, 'users', 'email', input.email);
  const fields: Record<string, Message> = {};
  if (!name.ok || name.value === null) fields.name = name.ok ? msg('required') : name.problem;
  if (!email.ok || email.value === null) fields.email = email.ok ? msg('required') : email.problem;
  if (Object.keys(fields).length > 0) throw Refusal.ofFields(422, fields);
  return sequelize.transaction(async (transaction) => {
    await lock(sequelize, transaction);
    const problem = setupProblem(await storedToken(sequelize, token, transaction), await vendorAdminExists(sequelize, transaction), now, config.invitationDays);
    if (problem) throw new SetupRefused(problem);
    const vendor = await vendorOrganization(transaction);
    if (!vendor) throw new SetupRefused('unknown');
    const address = (email as { value: string }).value;
    if (await User.count({ where: { email: address }, transaction }) > 0) {
      throw Refusal.ofFields(409, { email: msg('belongsToAccount') });
    }
    const user = await User.create({ email: address, name: (name as { value: string }).value, passwordHash, locale: input.locale }, { transaction });
    await Membership.create({ userId: user.id, organizationId: vendor.id, role: 'admin' }, { transaction });
    await deleteTokens(sequelize, transaction);
    await recordAudit({ userId: user.id, organizationId: vendor.id, action: 'setup.firstAdmin', resource: 'users', recordId: user.id, details: { role: 'admin' } }, transaction);
    return user;
  });
}

/** What a production start prints while no vendor admin exists. */
export function setupNotice(link: string, config: Config): string {
  return `No vendor admin exists yet. Create the first one with this one-time link (valid ${config.invitationDays} day(s); every start prints a new one until an admin exists):\n  ${link}`;
}
