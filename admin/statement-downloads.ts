import express, { type Router } from 'express';
import type { Sequelize } from 'sequelize';
import { StatementRecord } from '../models/index.ts';
import { recordAudit } from '../models/audit.ts';
import { loadStoredStatement, renderStatementCsv, renderStoredStatementPdf, statementFileName } from '../services/statements/stored-statement.ts';
import { ScopedResource } from './scoped-resource.ts';
import { scopedRecord, sendDownload } from './scoped-file-route.ts';

const FORMATS = { pdf: 'application/pdf', csv: 'text/csv; charset=utf-8' } as const;

/**
 * GET <root>/:id/pdf and <root>/:id/csv: the statement's files, rendered from the stored rows.
 * The statement is looked up through the scoped resource with the session's user, so a statement
 * outside the caller's reach answers 404 exactly like one that does not exist. Each file served is
 * in the audit trail.
 */
export function statementDownloads(sequelize: Sequelize, timeZone: string): Router {
  const resource = new ScopedResource(StatementRecord);
  const router = express.Router();
  router.get('/:id/:format', async (req, res, next) => {
    try {
      const format = req.params.format as keyof typeof FORMATS;
      if (!(format in FORMATS)) return res.status(404).json({ error: 'Unknown format.' });
      const found = await scopedRecord(resource, req, res, 'download', 'This view may not download statements.');
      if (!found) return;
      const statement = await loadStoredStatement(sequelize, Number(found.record.id()));
      if (!statement) return res.status(404).json({ error: 'This statement cannot be found.' });
      const body = format === 'pdf' ? await renderStoredStatementPdf(sequelize, statement, timeZone) : renderStatementCsv(statement);
      // Recorded before the file leaves: a download the trail cannot hold does not happen.
      await recordAudit({
        userId: found.scope.actor.userId, organizationId: statement.resellerId, action: 'statements.download', resource: 'statements',
        recordId: statement.id, details: { view: found.scope.actor.view, format, period: statement.period },
      });
      sendDownload(res, FORMATS[format], statementFileName(statement, format), body);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
