import express, { type Router } from 'express';
import type { Sequelize } from 'sequelize';
import { availableContexts, resolveContext, supportContactFor } from '../models/actor-lookup.ts';
import { sessionAdminFor } from './login.ts';
import type { SessionAdmin } from './session-admin.ts';
import { renewSessionId } from './sessions.ts';
import { msg } from '../templates/messages.ts';
import { sendRefusal } from './refusal-json.ts';

/**
 * Switching the active organization and view without logging in again: GET lists the choices,
 * POST picks one (JSON or form) under a new session id. Only contexts the database grants right now are accepted.
 */
export function contextRoutes(sequelize: Sequelize, rootPath: string): Router {
  const router = express.Router();
  router.use(express.json(), express.urlencoded({ extended: false }));
  router.use((req, res, next) => {
    if (!req.session?.adminUser) return sendRefusal(req, res, 401, msg('logInFirst'));
    next();
  });
  router.get('/', async (req, res) => {
    const admin = req.session.adminUser as SessionAdmin;
    const [available, support] = await Promise.all([
      availableContexts(sequelize, admin.userId),
      supportContactFor(sequelize, admin.organizationId),
    ]);
    res.json({ current: { organizationId: admin.organizationId, view: admin.view }, available, support });
  });
  router.post('/', async (req, res) => {
    const admin = req.session.adminUser as SessionAdmin;
    const organizationId = Number(req.body?.organizationId);
    const view = String(req.body?.view ?? '');
    const match = Number.isSafeInteger(organizationId) ? await resolveContext(sequelize, admin.userId, organizationId, view) : null;
    if (!match) return sendRefusal(req, res, 404, msg('contextUnavailable'));
    // A new session id with the new context, keeping the login: an id seen before the switch is worth nothing after it.
    try {
      await renewSessionId(req, (sess) => {
        sess.adminUser = sessionAdminFor({ id: admin.userId, email: admin.email, locale: admin.locale, mustChangePassword: admin.mustChangePassword }, match);
      });
    } catch {
      return sendRefusal(req, res, 500, msg('sessionNotSaved'));
    }
    if (req.is('application/json')) return res.json({ current: { organizationId, view } });
    res.redirect(303, rootPath);
  });
  return router;
}
