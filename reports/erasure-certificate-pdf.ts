// The erasure certificate as a one-page A4 PDF, rendered from the certificate record only.
import PDFDocument from 'pdfkit';
import { erasureTexts } from '../templates/erasure-texts.ts';
import { formatDate } from '../templates/formats.ts';
import type { CertificateActor } from '../models/erasure.ts';
import type { RetainedSummary, SubjectKind } from '../models/domain/erasure-plan.ts';

export interface CertificateInput {
  requestId: number;
  subjectKind: SubjectKind;
  subjectHash: string;
  pseudonym: string;
  actors: { requested: CertificateActor; approved: CertificateActor; executed: CertificateActor };
  requestedAt: Date;
  approvedAt: Date;
  executedAt: Date;
  deleted: Record<string, number>;
  pseudonymized: Record<string, number>;
  retained: RetainedSummary[];
}

export function renderCertificatePdf(certificate: CertificateInput, locale: string | null | undefined): Promise<Buffer> {
  const t = erasureTexts(locale);
  const doc = new PDFDocument({
    size: 'A4', margin: 50,
    // Fixed by the record, so the same certificate always renders to the same bytes.
    info: { Title: `${t.title} – ${certificate.requestId}`, CreationDate: certificate.executedAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const heading = (text: string) => doc.moveDown(0.8).font('Helvetica-Bold').fontSize(11).text(text).font('Helvetica').fontSize(10);
  doc.font('Helvetica-Bold').fontSize(16).text(t.title);
  doc.font('Helvetica').fontSize(11).moveDown(0.3).text(t.request(certificate.requestId));
  doc.fontSize(10).moveDown(0.6).text(t.subjectKind(certificate.subjectKind));
  doc.moveDown(0.3).text(t.subjectHash);
  doc.font('Courier').fontSize(9).text(certificate.subjectHash);
  doc.font('Helvetica').fontSize(8).text(t.hashNote);
  doc.fontSize(10).moveDown(0.3).text(`${t.pseudonym} ${certificate.pseudonym}`);

  const step = (label: string, when: Date, who: CertificateActor, fallback = '') =>
    doc.text(`${label}: ${t.date(when)} ${t.by(who.email, who.userId) || fallback}`.trim());
  doc.moveDown(0.6);
  step(t.requested, certificate.requestedAt, certificate.actors.requested);
  step(t.approved, certificate.approvedAt, certificate.actors.approved);
  step(t.executed, certificate.executedAt, certificate.actors.executed, t.worker);

  const counts = (title: string, values: Record<string, number>) => {
    heading(title);
    for (const [key, count] of Object.entries(values)) doc.text(`${count}  ${t.counts[key] ?? key}`);
  };
  counts(t.deleted, certificate.deleted);
  counts(t.pseudonymized, certificate.pseudonymized);
  heading(t.retained);
  if (certificate.retained.length === 0) doc.text(t.nothingRetained);
  for (const row of certificate.retained) doc.text(t.retainedRow(row.count, row.recordType, formatDate(row.retainUntil, t.language), row.legalBasis));
  doc.moveDown(1.5).fontSize(8).text(t.footer);
  doc.end();
  return done;
}
