/**
 * Inviting a person by e-mail into an organization with a role. A random token is drawn, only its
 * hash stored, and the registration link mailed inside the transaction: when the mail fails, no
 * invitation is left behind that nobody received.
 */
import { randomBytes } from 'node:crypto';
import { Op, UniqueConstraintError, type Sequelize } from 'sequelize';
import { personOf, type Actor } from '../models/domain/policy.ts';
import type { Config } from '../models/config.ts';
import { Invitation, Membership, Organization, User } from '../models/index.ts';
import { invitationExpiry, roleAfterAcceptance, tokenHash } from '../models/domain/invitation-rules.ts';
import type { Role } from '../models/domain/roles.ts';
import { invitationEmail } from '../templates/invitation-texts.ts';
import { mailerFor } from './mailer.ts';
import { prepareWrite, inTransaction, visible, type Input, type Row } from './records.ts';
import { auditWrite } from './audit-trail.ts';
import { Refusal } from './refusal.ts';
import { msg } from '../templates/messages.ts';


export async function inviteMember(db: Sequelize, actor: Actor, input: Input, config: Config): Promise<Row> {
  return inTransaction(db, 'invitations', async (transaction) => {
    const { scope, values } = await prepareWrite(db, actor, 'invitations', 'create', input, { transaction, setByService: ['tokenHash', 'expiresAt'] });
    const email = values.email as string;
    const organizationId = Number(values.organizationId);
    const role = values.role as Role;
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const existing = await User.findOne({ where: { email }, transaction });
    const membership = existing && await Membership.findOne({ where: { userId: existing.id, organizationId }, transaction });
    if (membership && roleAfterAcceptance(membership.role, role) === null) {
      throw Refusal.ofFields(409, { email: msg('memberAlready') });
    }
    // An expired invitation nobody used no longer blocks a new one for the same address.
    await Invitation.destroy({ where: { organizationId, email, acceptedAt: null, expiresAt: { [Op.lte]: now } }, transaction });
    const created = await Invitation.create({
      organizationId, email, role, tokenHash: tokenHash(token), invitedBy: personOf(actor), expiresAt: invitationExpiry(now, config.invitationDays),
    }, { transaction }).catch((error: Error) => {
      throw error instanceof UniqueConstraintError ? Refusal.ofFields(409, { email: msg('invitationOpen') }) : error;
    });
    const organization = (await Organization.findByPk(organizationId, { transaction }))!;
    const link = `${config.publicUrl.replace(/\/+$/, '')}/register?token=${encodeURIComponent(token)}`;
    const mail = invitationEmail({ locale: organization.locale, organizationName: organization.name, role, link, expiresAt: created.expiresAt });
    const mailer = mailerFor(config);
    try {
      await mailer.send({ to: email, ...mail, messageId: `<invitation-${created.id}-${now.getTime()}@portal>` });
    } catch (error) {
      throw Refusal.ofFields(422, { email: msg('invitationNotSent', { reason: (error as Error).message }) });
    } finally {
      mailer.close();
    }
    const row = created.toJSON() as Row;
    await auditWrite(actor, 'invitations', 'create', row, undefined, transaction);
    return visible(scope, row);
  });
}
