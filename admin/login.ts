import type { Request } from 'express';
import type { Sequelize } from 'sequelize';
import { User } from '../models/index.ts';
import { verifyPassword } from '../models/passwords.ts';
import { recordAudit } from '../models/audit.ts';
import { availableContexts, type ActorContext } from '../models/actor-lookup.ts';
import type { SessionAdmin } from './session-admin.ts';
import { loginEmail, loginSucceeded } from './login-throttle.ts';
import { startLogin } from './sessions.ts';
import { loginStep } from '../services/second-factor.ts';
import { languageFor } from '../templates/formats.ts';
import { panelTexts } from '../templates/panel-texts.ts';
import { valueLabels } from './panel-locale.ts';

/** What the session holds of a user acting in `context`; the title (under the user's name in the top bar) in the user's language. */
export function sessionAdminFor(user: { id: number; email: string; locale: string | null; mustChangePassword?: boolean }, context: ActorContext): SessionAdmin {
  const locale = languageFor(user.locale);
  const t = panelTexts(locale);
  return {
    locale,
    mustChangePassword: Boolean(user.mustChangePassword),
    id: String(user.id),
    email: user.email,
    title: `${context.organizationName} · ${valueLabels(t, 'views')?.[context.view] ?? context.view}`,
    userId: user.id,
    organizationId: context.organizationId,
    view: context.view,
    role: context.role,
  };
}

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
}

/**
 * Checks the credentials and starts the session in the user's first organization and view. The
 * session id is renewed at every login, so an id planted before login is worth nothing after it.
 * A user with a second factor (or who must enrol one) gets a session marked as waiting for it
 * (admin/second-factor-routes.ts), which reaches nothing else of the panel.
 */
export function authenticator(sequelize: Sequelize, options: { production: boolean }) {
  return async (email: string, password: string, context?: { req: Request }): Promise<SessionAdmin | null> => {
    if (!context?.req) return null;
    const user = await User.findOne({ where: { email: loginEmail(email) } });
    const ok = await verifyPassword(String(password ?? ''), user?.passwordHash ?? null);
    if (!user || !ok) return null;
    const [first] = await availableContexts(sequelize, user.id);
    if (!first) return null;
    // Not a failure after all: the login throttle takes the attempt back (login-throttle.ts).
    await loginSucceeded(context.req);
    const step = await loginStep(sequelize, user.id, options.production);
    await regenerate(context.req);
    startLogin(context.req, step);
    // Only a login that succeeded is recorded: a failed one would store whatever e-mail a stranger
    // typed, and let anyone fill the append-only trail without logging in.
    await sequelize.transaction(async (transaction) => {
      await user.update({ lastLoginAt: new Date() }, { transaction });
      await recordAudit({
        userId: user.id, organizationId: first.organizationId, action: 'users.login', resource: 'users', recordId: user.id,
        // A login waiting for its second factor ('code', or 'enrol' where one is required) says so.
        details: { view: first.view, ...(step && { secondFactor: step }) },
      }, transaction);
    });
    return sessionAdminFor({ id: user.id, email: user.email, locale: user.locale, mustChangePassword: user.passwordChangeRequired }, first);
  };
}
