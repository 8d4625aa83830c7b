import express, { type Router } from 'express';
import type { Sequelize } from 'sequelize';
import { statementFile, STATEMENT_FORMATS, type StatementFormat } from '../services/files.ts';
import { notFound } from '../services/refusal.ts';
import { fileRoute } from './scoped-file-route.ts';
import { msg } from '../templates/messages.ts';

/**
 * GET <root>/:id/pdf and <root>/:id/csv: the statement's files, rendered from the stored rows
 * (services/files.ts); GET <root>/:id/preview: the PDF shown inline in the panel's preview. A
 * statement outside the caller's reach answers 404 like one that does not exist.
 */
export function statementDownloads(sequelize: Sequelize, timeZone: string): Router {
  const router = express.Router();
  router.get('/:id/preview', fileRoute(sequelize, (actor, req) => statementFile(sequelize, actor, req.params.id, 'pdf', timeZone), 'inline'));
  router.get('/:id/:format', fileRoute(sequelize, async (actor, req) => {
    const format = req.params.format as StatementFormat;
    if (!Object.hasOwn(STATEMENT_FORMATS, format)) throw notFound(msg('format'));
    return statementFile(sequelize, actor, req.params.id, format, timeZone);
  }));
  return router;
}
