import express, { type Request, type Response, type Router } from 'express';
import type { Sequelize } from 'sequelize';
import { Invitation, Membership, Organization, User } from '../models/index.ts';
import { hashPassword, passwordProblem } from '../models/passwords.ts';
import { recordAudit } from '../models/audit.ts';
import { roleAfterAcceptance, tokenHash, tokenProblem, type TokenProblem } from '../models/domain/invitation-rules.ts';
import { registrationTexts, type RegistrationTexts } from '../templates/invitation-texts.ts';

const escapeHtml = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: Response, status: number, t: RegistrationTexts, body: string): void {
  res.status(status).type('html').set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer').send(`<!doctype html>
<html lang="${t.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)} · Channel License Portal</title>
<style>body{font:15px sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}
input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1rem}.error{color:#b00020}</style>
</head><body><h1>${escapeHtml(t.title)}</h1>
${body}
</body></html>`);
}

/** The language of a page shown before an invitation is known: the browser's preference. */
const browserTexts = (req: Request) => registrationTexts(req.acceptsLanguages('de', 'en') || 'en');

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

function form(res: Response, status: number, token: string, { invitation, organization, existing, t }: Found, error?: string, name = ''): void {
  const fields = existing ? `<p>${escapeHtml(t.existingAccount)}</p>` : `
<label for="name">${escapeHtml(t.name)}</label><input id="name" name="name" required autocomplete="name" value="${escapeHtml(name)}">
<label for="password">${escapeHtml(t.password)}</label><input id="password" name="password" type="password" required minlength="10" maxlength="72" autocomplete="new-password">
<label for="passwordAgain">${escapeHtml(t.passwordAgain)}</label><input id="passwordAgain" name="passwordAgain" type="password" required minlength="10" maxlength="72" autocomplete="new-password">`;
  page(res, status, t, `<p>${escapeHtml(t.intro(organization.name, invitation.role, invitation.email))}</p>
${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/register">
<input type="hidden" name="token" value="${escapeHtml(token)}">${fields}
<button type="submit">${escapeHtml(existing ? t.accept : t.submit)}</button>
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
    if (!found.existing) {
      const mistake = !name ? t.nameMissing
        : req.body.password !== req.body.passwordAgain ? t.passwordsDiffer
          : passwordProblem(req.body.password);
      if (mistake) return form(res, 400, token, found, mistake, name);
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
        // An account created since the form was shown keeps its own password.
        if (!existing && passwordHash === null) throw new Refused('unknown');
        const user = existing ?? await User.create({ email: invitation.email, name, passwordHash, locale: t.language }, { transaction });
        const membership = await Membership.findOne({ where: { userId: user.id, organizationId: invitation.organizationId }, transaction });
        const role = roleAfterAcceptance(membership?.role ?? null, invitation.role);
        if (role && membership) await membership.update({ role }, { transaction });
        else if (role) await Membership.create({ userId: user.id, organizationId: invitation.organizationId, role }, { transaction });
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
