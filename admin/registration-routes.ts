import express, { type Request, type Response, type Router } from 'express';
import type { Sequelize } from 'sequelize';
import { Invitation, Membership, Organization, User } from '../models/index.ts';
import { hashPassword, passwordProblem } from '../models/passwords.ts';
import { recordAudit } from '../models/audit.ts';
import { roleAfterAcceptance, tokenHash, tokenProblem, type TokenProblem } from '../models/domain/invitation-rules.ts';
import { registrationTexts, type RegistrationTexts } from '../templates/invitation-texts.ts';
import { escapeHtml, plainPage } from './plain-page.ts';
import { endSessionsOf } from '../services/sessions.ts';
import { renderMessage } from '../templates/messages.ts';
import { browserLanguage } from './request-language.ts';

function page(res: Response, status: number, t: RegistrationTexts, body: string): void {
  plainPage(res, status, t.language, t.title, body);
}

/** The language of a page shown before an invitation is known: the browser's preference. */
const browserTexts = (req: Request) => registrationTexts(browserLanguage(req));

function refused(res: Response, t: RegistrationTexts, problem: TokenProblem): void {
  page(res, problem === 'unknown' ? 404 : 410, { ...t, title: t.refusedTitle }, `<p class="error">${escapeHtml(t.refused[problem])}</p>`);
}

interface Found { invitation: Invitation; organization: Organization; existing: User | null; t: RegistrationTexts }

async function findInvitation(token: string): Promise<Found | null> {
  if (!token) return null;
  const invitation = await Invitation.findOne({ where: { tokenHash: tokenHash(token) } });
  if (!invitation) return null;
  const organization = (await Organization.findByPk(invitation.organizationId))!;
  const existing = await User.findOne({ where: { email: invitation.email } });
  return { invitation, organization, existing, t: registrationTexts(organization.locale) };
}

/**
 * An account whose password someone else chose (or that has none, e.g. from the ERP import) must
 * choose its own before the invitation takes effect: whoever chose it cannot be let into another tenant.
 */
const choosesPassword = (existing: User | null) => !existing || existing.passwordChangeRequired || existing.passwordHash === null;

function form(res: Response, status: number, token: string, { invitation, organization, existing, t }: Found, error?: string, name = ''): void {
  const passwordFields = `
<label for="password">${escapeHtml(t.password)}</label><input id="password" name="password" type="password" required minlength="10" maxlength="72" autocomplete="new-password">
<label for="passwordAgain">${escapeHtml(t.passwordAgain)}</label><input id="passwordAgain" name="passwordAgain" type="password" required minlength="10" maxlength="72" autocomplete="new-password">`;
  const fields = !existing ? `
<label for="name">${escapeHtml(t.name)}</label><input id="name" name="name" required autocomplete="name" value="${escapeHtml(name)}">${passwordFields}`
    : choosesPassword(existing) ? `<p>${escapeHtml(t.chooseOwnPassword)}</p>${passwordFields}` : `<p>${escapeHtml(t.existingAccount)}</p>`;
  page(res, status, t, `<p>${escapeHtml(t.intro(organization.name, invitation.role, invitation.email))}</p>
${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/register">
<input type="hidden" name="token" value="${escapeHtml(token)}">${fields}
<button type="submit">${escapeHtml(existing && !choosesPassword(existing) ? t.accept : t.submit)}</button>
</form>`);
}

class Refused extends Error {
  constructor(readonly problem: TokenProblem) { super(problem); }
}

/**
 * The registration link of an invitation: GET shows a plain form, POST registers. A new address
 * gets a user with the chosen password; an address that has an account already only gains the
 * membership (its password is never touched). User, membership and acceptance are one transaction.
 */
export function registrationRoutes(sequelize: Sequelize): Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '16kb' }));

  router.get('/', async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const found = await findInvitation(token);
    const problem = tokenProblem(found?.invitation ?? null, new Date());
    if (problem || !found) return refused(res, found?.t ?? browserTexts(req), problem ?? 'unknown');
    form(res, 200, token, found);
  });

  router.post('/', async (req, res) => {
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    const found = await findInvitation(token);
    const problem = tokenProblem(found?.invitation ?? null, new Date());
    if (problem || !found) return refused(res, found?.t ?? browserTexts(req), problem ?? 'unknown');
    const { t } = found;
    const name = typeof req.body.name === 'string' ? req.body.name.trim() : '';
    let passwordHash: string | null = null;
    if (choosesPassword(found.existing)) {
      const mistake = !name && !found.existing ? t.nameMissing
        : req.body.password !== req.body.passwordAgain ? t.passwordsDiffer
          : passwordProblem(req.body.password);
      if (mistake) return form(res, 400, token, found, typeof mistake === 'string' ? mistake : renderMessage(mistake, t.language), name);
      passwordHash = await hashPassword(req.body.password);
    }
    try {
      await sequelize.transaction(async (transaction) => {
        // Locked and checked again: of two submissions of one link, the second finds it used.
        const invitation = await Invitation.findByPk(found.invitation.id, { transaction, lock: transaction.LOCK.UPDATE });
        const now = new Date();
        const again = tokenProblem(invitation, now);
        if (again || !invitation) throw new Refused(again ?? 'unknown');
        const existing = await User.findOne({ where: { email: invitation.email }, transaction });
        // An account created (or handed a password) since the form was shown: the form must be filled in again.
        if (choosesPassword(existing) && passwordHash === null) throw new Refused('unknown');
        if (existing && passwordHash !== null) await existing.update({ passwordHash, passwordChangeRequired: false }, { transaction });
        const user = existing ?? await User.create({ email: invitation.email, name, passwordHash, locale: t.language }, { transaction });
        const membership = await Membership.findOne({ where: { userId: user.id, organizationId: invitation.organizationId }, transaction });
        const role = roleAfterAcceptance(membership?.role ?? null, invitation.role);
        if (role && membership) await membership.update({ role }, { transaction });
        else if (role) await Membership.create({ userId: user.id, organizationId: invitation.organizationId, role }, { transaction });
        // A new membership, a raised role or a password chosen here: the account's sessions end.
        if (role || passwordHash !== null) await endSessionsOf(sequelize, [user.id], transaction);
        await invitation.update({ acceptedAt: now, acceptedUserId: user.id }, { transaction });
        await recordAudit({
          userId: user.id, organizationId: invitation.organizationId, action: 'invitations.accept', resource: 'invitations',
          recordId: invitation.id, details: { role: invitation.role, newUser: !existing },
        }, transaction);
      });
    } catch (error) {
      if (error instanceof Refused) return refused(res, t, error.problem);
      throw error;
    }
    res.redirect(303, '/admin/login');
  });
  return router;
}
