import express, { type Router } from 'express';
import type { ActionContext } from 'adminjs';
import type { Sequelize } from 'sequelize';
import { StatementRecord } from '../models/index.ts';
import { loadStoredStatement, renderStatementCsv, renderStoredStatementPdf, statementFileName } from '../worker/statements/stored-statement.ts';
import { ScopedResource } from './scoped-resource.ts';

const FORMATS = { pdf: 'application/pdf', csv: 'text/csv; charset=utf-8' } as const;

/**
 * GET <root>/:id/pdf and <root>/:id/csv: the statement's files, rendered from the stored rows.
 * The statement is looked up through the scoped resource with the session's user, so a statement
 * outside the caller's reach answers 404 exactly like one that does not exist.
 */
export function statementDownloads(sequelize: Sequelize, timeZone: string): Router {
  const resource = new ScopedResource(StatementRecord);
  const router = express.Router();
  router.get('/:id/:format', async (req, res, next) => {
    try {
      const format = req.params.format as keyof typeof FORMATS;
      if (!(format in FORMATS)) return res.status(404).json({ error: 'Unknown format.' });
      const currentAdmin = req.session?.adminUser;
      if (!currentAdmin) return res.status(401).json({ error: 'Log in first.' });
      const context = { currentAdmin } as unknown as ActionContext;
      const allowed = await resource.authorize(context, 'download').then(() => true, () => false);
      if (!allowed) return res.status(403).json({ error: 'This view may not download statements.' });
      const record = await resource.findOne(req.params.id, context).catch((error: Error) => {
        if (error.name === 'NotFoundError') return null;
        throw error;
      });
      const statement = record && await loadStoredStatement(sequelize, Number(record.id()));
      if (!statement) return res.status(404).json({ error: 'This statement cannot be found.' });
      const body = format === 'pdf' ? await renderStoredStatementPdf(sequelize, statement, timeZone) : renderStatementCsv(statement);
      res.set({
        'Content-Type': FORMATS[format],
        'Content-Disposition': `attachment; filename="${statementFileName(statement, format)}"`,
        'Cache-Control': 'no-store',
      }).send(body);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
