import express, { type Router } from 'express';
import type { Sequelize } from 'sequelize';
import type { Config } from '../models/config.ts';
import { certificateFile, subjectExportFile } from '../services/files.ts';
import { fileRoute } from './scoped-file-route.ts';

/**
 * GET <root>/certificates/:id/pdf — the certificate rendered from its record (…/preview: inline, for
 * the panel's preview) — and
 * GET <root>/export?subject=org:<ref>|user:<email> — the Art. 15 export (services/files.ts): no
 * DPO, no file; a certificate out of reach answers 404 like one that does not exist.
 */
export function erasureRoutes(sequelize: Sequelize, config: Config): Router {
  const router = express.Router();
  router.get('/certificates/:id/pdf', fileRoute(sequelize, (actor, req) => certificateFile(sequelize, actor, req.params.id)));
  router.get('/certificates/:id/preview', fileRoute(sequelize, (actor, req) => certificateFile(sequelize, actor, req.params.id), 'inline'));
  router.get('/export', fileRoute(sequelize, (actor, req) => subjectExportFile(sequelize, actor, String(req.query.subject ?? ''), config.dataDir)));
  return router;
}
