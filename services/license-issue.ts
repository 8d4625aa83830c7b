/**
 * A reseller issues a license to one of its customers, just in time, inside its frame: the form
 * names the customer (`organizationId`), the article, the seats and, for a demo, its `demoDays`;
 * kind, key, status and expiry come from the article and the frame, never from the form. Vendor
 * staff, who set the frames, record a license as they need it (the vendor admin's field rules).
 */
import { drawKey } from '../models/domain/ticket-code.ts';
import { DataTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import { issuedExpiry, licenseProblems } from '../models/domain/frame.ts';
import { Article, License, Organization } from '../models/index.ts';
import type { IsoDate } from '../reports/calendar.ts';
import { createRecord, inTransaction, prepareWrite, visible, type Input, type Row } from './records.ts';
import { auditWrite } from './audit-trail.ts';
import { frameRefusal, heldFrame } from './frames.ts';
import { Refusal } from './refusal.ts';
import { msg } from '../templates/messages.ts';

export interface IssueOptions { today: IsoDate }

/** The customer a reseller issues to or books for: an organization below it holding the customer view. */
export async function customerBelow(actor: Actor, organizationId: unknown, field: string, transaction: Transaction): Promise<Organization> {
  const customer = await Organization.findByPk(Number(organizationId), { attributes: ['id', 'name', 'views'], transaction });
  if (!customer || customer.id === actor.organizationId || !customer.views.includes('customer')) {
    throw Refusal.ofFields(422, { [field]: msg('chooseCustomer') });
  }
  return customer;
}

export async function issueLicense(db: Sequelize, actor: Actor, input: Input, options: IssueOptions): Promise<Row> {
  if (actor.view === 'vendor') return createRecord(db, actor, 'licenses', input);
  return inTransaction(db, 'licenses', async (transaction) => {
    const { scope, values } = await prepareWrite(db, actor, 'licenses', 'create', input, {
      transaction, virtual: { demoDays: new DataTypes.INTEGER() }, setByService: ['licenseKey', 'kind'],
    });
    const { demoDays = null, ...chosen } = values as Row & { demoDays?: number | null };
    const customer = await customerBelow(actor, chosen.organizationId, 'organizationId', transaction);
    // prepareWrite let through only an article the reseller sees: one of its granted groups.
    const article = (await Article.findByPk(Number(chosen.articleId), { transaction }))!;
    const held = article.productGroupId === null ? null : await heldFrame(actor.organizationId, article.productGroupId, transaction);
    if (!held) throw Refusal.ofFields(422, { articleId: msg('articleNotHeld', { article: article.name }) });
    const seats = (chosen.seats as number | undefined) ?? Number(License.getAttributes().seats.defaultValue);
    const problems = licenseProblems(held.frame, { kind: article.kind, seats, demoDays }, held.label);
    if (problems.length > 0) throw frameRefusal(problems);
    const license = await License.create({
      organizationId: customer.id, articleId: article.id, seats, kind: article.kind, status: 'inactive',
      licenseKey: drawKey('LIC'), expiresOn: issuedExpiry(article.kind, options.today, demoDays),
    }, { transaction });
    const row = license.toJSON() as Row;
    await auditWrite(actor, 'licenses', 'create', { ...row, demoDays }, undefined, transaction);
    return visible(scope, row);
  });
}
