/**
 * Files people download: a statement's PDF/CSV, the license report, an erasure certificate, the
 * Art. 15 export of a subject, a software release (the portal holds no release files: a release names the vendor's
 * download address, `fileUrl`, and its checksum, which the caller is given). Each is an operation like any other: one authorization call, the row looked up in the
 * actor's reach (out of reach: 404 as if it did not exist), and an audit entry written before the
 * file leaves (a download the trail cannot hold does not happen).
 */
import type { Readable } from 'node:stream';
import type { Sequelize } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import { ErasureCertificate, SoftwareRelease, User } from '../models/index.ts';
import { recordAudit } from '../models/audit.ts';
import { renderCertificatePdf } from '../reports/erasure-certificate-pdf.ts';
import { loadStoredStatement, renderStatementCsv, renderStoredStatementPdf, statementFileName } from './statements/stored-statement.ts';
import { resolveSubject } from './erasure/requests.ts';
import { exportedSubject, exportSubject } from './erasure/subject-export.ts';
import { ErasureRefusal } from './erasure/refusal.ts';
import { authorize, findInScope } from './reach.ts';
import { auditActor } from './audit-trail.ts';
import { notFound, Refusal } from './refusal.ts';
import { licenseReportHead, type LicenseReportInput } from './license-report.ts';
import { licenseCsvStream, type LicenseReportRow } from '../reports/license-csv.ts';
import { licenseReportPdf } from '../reports/license-report-pdf.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import type { ReportFormat } from '../models/domain/values.ts';
import { msg } from '../templates/messages.ts';

/** A Readable body (a rendered PDF) is piped to the response. */
export interface DownloadFile { contentType: string; fileName: string; body: Buffer | string | Readable | object }

export const STATEMENT_FORMATS = { pdf: 'application/pdf', csv: 'text/csv; charset=utf-8' } as const;
export type StatementFormat = keyof typeof STATEMENT_FORMATS;

async function audit(actor: Actor, organizationId: number | null, action: string, resource: string, recordId: number | null, details: Record<string, unknown>): Promise<void> {
  const { userId, who } = auditActor(actor);
  await recordAudit({ userId, organizationId: organizationId ?? actor.organizationId, action, resource, recordId, details: { ...who, ...details } });
}

export async function statementFile(db: Sequelize, actor: Actor, id: unknown, format: StatementFormat, timeZone: string): Promise<DownloadFile> {
  const scope = await authorize(db, actor, 'statements', 'download');
  const row = await findInScope(scope, 'statements', id);
  const statement = row && await loadStoredStatement(db, Number(row.get('id')));
  if (!statement) throw notFound(msg('record', { resource: 'statements' }));
  const body = format === 'pdf' ? await renderStoredStatementPdf(db, statement, timeZone) : renderStatementCsv(statement);
  await audit(actor, statement.resellerId, 'statements.download', 'statements', statement.id, { format, period: statement.period });
  return { contentType: STATEMENT_FORMATS[format], fileName: statementFileName(statement, format), body };
}

/** The license report as CSV or PDF (services/license-report.ts), for whoever reads the license list. */
export async function licenseReportFile(db: Sequelize, actor: Actor, input: LicenseReportInput, format: ReportFormat, timeZone: string): Promise<DownloadFile> {
  const { batches, count, ...report } = await licenseReportHead(db, actor, input, timeZone);
  const createdOn = calendarDateIn(new Date(), timeZone);
  // Counted before the file is written: the CSV streams its rows and is never held whole.
  await audit(actor, report.organizationId, 'licenses.report', 'licenses', null, { organizationId: report.organizationId, format, rows: await count(), filters: report.filters });
  const fileName = `licenses-${report.organization.ref ?? report.organizationId}-${createdOn}.${format}`;
  if (format === 'csv') return { contentType: STATEMENT_FORMATS.csv, fileName, body: licenseCsvStream(batches(), report.locale, report.propertyColumns) };
  // The PDF lays out every row (page x of y), so it reads them all first.
  const rows: LicenseReportRow[] = [];
  for await (const batch of batches()) rows.push(...batch);
  return { contentType: STATEMENT_FORMATS.pdf, fileName, body: licenseReportPdf({ ...report, rows, createdOn }) };
}

export interface ReleaseDownload { url: string; sha256: string | null; label: string }

/**
 * A release the actor sees (a channel organization: of its granted groups; a customer: of what it
 * holds; else 404): its download address, audited in the downloading organization's trail. Only an
 * http(s) address is handed out (409 otherwise): the browser is sent there.
 */
export async function releaseDownload(db: Sequelize, actor: Actor, id: unknown): Promise<ReleaseDownload> {
  const scope = await authorize(db, actor, 'software_releases', 'download');
  const release = await findInScope(scope, 'software_releases', id) as SoftwareRelease | null;
  if (!release) throw notFound(msg('record', { resource: 'software_releases', id: id }));
  if (!/^https?:\/\/[^\s]+$/i.test(release.fileUrl)) throw new Refusal(409, msg('noHttpAddress'));
  await audit(actor, actor.organizationId, 'software_releases.download', 'software_releases', release.id, {
    productLine: release.productLine, version: release.version, fileUrl: release.fileUrl, sha256: release.sha256,
  });
  return { url: release.fileUrl, sha256: release.sha256, label: `${release.productLine} ${release.version}` };
}

export async function certificateFile(db: Sequelize, actor: Actor, id: unknown): Promise<DownloadFile> {
  const scope = await authorize(db, actor, 'erasure_certificates', 'read');
  const certificate = await findInScope(scope, 'erasure_certificates', id) as ErasureCertificate | null;
  if (!certificate) throw notFound(msg('record', { resource: 'erasure_certificates' }));
  const dpo = await User.findByPk(actor.userId);
  const body = await renderCertificatePdf(certificate.get({ plain: true }), dpo?.locale);
  await audit(actor, null, 'erasure_certificates.download', 'erasure_certificates', certificate.id, { requestId: certificate.requestId });
  return { contentType: 'application/pdf', fileName: `erasure-certificate-${certificate.requestId}.pdf`, body };
}

/** Art. 15: everything held on `org:<ref>` or `user:<e-mail>`, for the DPO. */
export async function subjectExportFile(db: Sequelize, actor: Actor, subjectSpec: string, dataDir: string): Promise<DownloadFile> {
  await authorize(db, actor, 'erasure_requests', 'export');
  const subject = await resolveSubject(db, subjectSpec).catch((error: unknown) => {
    if (error instanceof ErasureRefusal) return null;
    throw error;
  });
  const data = subject && await exportSubject(db, subject, dataDir);
  if (!subject || !data) throw notFound(msg('record', { resource: 'erasure_requests' }));
  const { requestId, ...named } = await exportedSubject(db, subject);
  await audit(actor, null, 'erasure.export', 'erasure_requests', requestId, named);
  return { contentType: 'application/json', fileName: `subject-export-${subject.kind}-${subject.id}.json`, body: data };
}
