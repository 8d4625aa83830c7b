import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ValidationError, type ParamsType } from 'adminjs';
import { Op, UniqueConstraintError } from 'sequelize';
import { ScopedResource, type Scope } from './scoped-resource.ts';
import { Invitation, Membership, Organization, User } from '../models/index.ts';
import type { Config } from '../models/config.ts';
import { invitationExpiry, normalizeEmail, roleAfterAcceptance, tokenHash } from '../models/domain/invitation-rules.ts';
import type { Role } from '../models/domain/roles.ts';
import { invitationEmail } from '../templates/invitation-texts.ts';
import { createMailer } from '../services/mailer.ts';

function invalid(field: string, message: string): ValidationError {
  return new ValidationError({ [field]: { message, type: 'invalid' } }, { message });
}

const ALREADY_OPEN = 'This address has an open invitation to this organization already; revoke (delete) it to invite again.';

/**
 * Creating an invitation makes a random token, stores only its hash and mails the registration
 * link. The mail goes out inside the transaction: when it fails, no invitation is left behind
 * that nobody received.
 */
export class InvitationResource extends ScopedResource {
  constructor(model: typeof Invitation, private readonly config: Config) {
    super(model);
  }

  /** Only what the inviter chooses; token, expiry and acceptance are the portal's. */
  protected values(params: ParamsType, scope: Scope): Record<string, unknown> {
    const { email, organizationId, role } = super.values(params, scope);
    return { email, organizationId, role };
  }

  protected async insert(values: Record<string, unknown>, scope: Scope): Promise<ParamsType> {
    const email = normalizeEmail(values.email);
    const organizationId = Number(values.organizationId);
    const role = values.role as Role;
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = invitationExpiry(now, this.config.invitationDays);
    const invitation = await this.db.transaction(async (transaction) => {
      const existing = await User.findOne({ where: { email }, transaction });
      const membership = existing && await Membership.findOne({ where: { userId: existing.id, organizationId }, transaction });
      if (membership && roleAfterAcceptance(membership.role, role) === null) {
        throw invalid('email', 'This person is a member of this organization already, with at least this role.');
      }
      // An expired invitation nobody used no longer blocks a new one for the same address.
      await Invitation.destroy({ where: { organizationId, email, acceptedAt: null, expiresAt: { [Op.lte]: now } }, transaction });
      const created = await Invitation.create({
        organizationId, email, role, tokenHash: tokenHash(token), invitedBy: scope.actor.userId, expiresAt,
      }, { transaction }).catch((error: Error) => {
        throw error instanceof UniqueConstraintError ? invalid('email', ALREADY_OPEN) : error;
      });
      const organization = (await Organization.findByPk(organizationId, { transaction }))!;
      const link = `${this.config.publicUrl.replace(/\/+$/, '')}/register?token=${encodeURIComponent(token)}`;
      const mail = invitationEmail({ locale: organization.locale, organizationName: organization.name, role, link, expiresAt });
      const mailer = createMailer({ smtpUrl: this.config.smtpUrl ?? undefined, outboxDir: path.join(this.config.dataDir, 'outbox'), from: this.config.mailFrom });
      try {
        await mailer.send({ to: email, ...mail, messageId: `<invitation-${created.id}-${now.getTime()}@portal>` });
      } catch (error) {
        throw invalid('email', `The invitation e-mail could not be sent (${(error as Error).message}); nothing was saved.`);
      } finally {
        mailer.close();
      }
      return created;
    });
    const json = invitation.toJSON() as Record<string, unknown>;
    await this.audit(scope, 'create', json, ['email', 'organizationId', 'role']);
    for (const field of scope.hidden) delete json[field];
    return json;
  }
}
