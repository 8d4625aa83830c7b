import express, { type Router } from 'express';
import type { Sequelize } from 'sequelize';
import type { Config } from '../models/config.ts';
import { ErasureCertificate, ErasureRequest, User } from '../models/index.ts';
import { recordAudit } from '../models/audit.ts';
import { renderCertificatePdf } from '../reports/erasure-certificate-pdf.ts';
import { resolveSubject } from '../services/erasure/requests.ts';
import { exportedSubject, exportSubject } from '../services/erasure/subject-export.ts';
import { ErasureRefusal } from '../services/erasure/refusal.ts';
import { ScopedResource } from './scoped-resource.ts';
import { scopedRecord, sendDownload, sessionContext } from './scoped-file-route.ts';

/**
 * GET <root>/certificates/:id/pdf — the certificate rendered from its record — and
 * GET <root>/export?subject=org:<ref>|user:<email> — the Art. 15 export. Both go through the
 * scoped resources and the policy with the session's user: no DPO, no file; a certificate out of
 * reach answers 404 like one that does not exist. Each file served is in the audit trail.
 */
export function erasureRoutes(sequelize: Sequelize, config: Config): Router {
  const certificates = new ScopedResource(ErasureCertificate);
  const requests = new ScopedResource(ErasureRequest);
  const router = express.Router();
  router.use((req, res, next) => (req.session?.adminUser ? next() : res.status(401).json({ error: 'Log in first.' })));

  router.get('/certificates/:id/pdf', async (req, res, next) => {
    try {
      const found = await scopedRecord(certificates, req, res, 'read', 'Only a data-protection officer downloads erasure certificates.');
      if (!found) return;
      const certificate = await ErasureCertificate.findByPk(Number(found.record.id()));
      if (!certificate) return res.status(404).json({ error: 'This certificate cannot be found.' });
      const dpo = await User.findByPk(found.scope.actor.userId);
      const pdf = await renderCertificatePdf(certificate.get({ plain: true }), dpo?.locale);
      const { actor } = found.scope;
      await recordAudit({
        userId: actor.userId, organizationId: actor.organizationId, action: 'erasure_certificates.download', resource: 'erasure_certificates',
        recordId: certificate.id, details: { view: actor.view, requestId: certificate.requestId },
      });
      sendDownload(res, 'application/pdf', `erasure-certificate-${certificate.requestId}.pdf`, pdf);
    } catch (error) {
      next(error);
    }
  });

  router.get('/export', async (req, res, next) => {
    try {
      const scope = await requests.authorize(sessionContext(req), 'export').catch(() => null);
      if (!scope) return res.status(403).json({ error: 'Only a data-protection officer exports what is held on a subject.' });
      const subject = await resolveSubject(sequelize, String(req.query.subject ?? '')).catch((error: unknown) => {
        if (error instanceof ErasureRefusal) return null;
        throw error;
      });
      const data = subject && await exportSubject(sequelize, subject, config.dataDir);
      if (!data) return res.status(404).json({ error: 'There is no such subject.' });
      const { actor } = scope;
      const { requestId, ...named } = await exportedSubject(sequelize, subject!);
      await recordAudit({
        userId: actor.userId, organizationId: actor.organizationId, action: 'erasure.export', resource: 'erasure_requests',
        recordId: requestId, details: { view: actor.view, ...named },
      });
      res.set({
        'Content-Disposition': `attachment; filename="subject-export-${subject!.kind}-${subject!.id}.json"`,
        'Cache-Control': 'no-store',
      }).json(data);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
