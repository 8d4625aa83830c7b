/**
 * A channel organization creates an organization below it (services/records.ts). When a reseller,
 * in its reseller view, creates a customer organization, the new customer receives two trial
 * (demo) licenses of every product group the vendor marked (`customerTrials`) that the reseller
 * holds, inside the reseller's frame (models/domain/customer-trials.ts), in the same transaction,
 * each audited as a license creation naming the trial. A group without a demo article, or a frame
 * without demo, gives none.
 */
import type { Sequelize, Transaction } from 'sequelize';
import { filledOnCreate, isCustomerOrganization, type Actor } from '../models/domain/policy.ts';
import { trialTerms, TRIAL_LICENSES_PER_CUSTOMER } from '../models/domain/customer-trials.ts';
import { drawKey } from '../models/domain/ticket-code.ts';
import { Article, License, ProductGroup } from '../models/index.ts';
import type { IsoDate } from '../reports/calendar.ts';
import { createRecord, type Input, type Row } from './records.ts';
import { auditOperation, changesBetween } from './audit-trail.ts';
import { heldFrame } from './frames.ts';

/**
 * A creator that can only make customers (a reseller, service provider, system integrator or
 * partner) is not asked for the new organization's views and parent: the policy's placement
 * (filledOnCreate) stands in for what the input leaves out.
 */
export async function createOrganization(db: Sequelize, actor: Actor, input: Input, options: { today: IsoDate }): Promise<Row> {
  const placed = { ...input };
  for (const [field, value] of Object.entries(filledOnCreate(actor, 'organizations'))) {
    if (placed[field] === undefined || placed[field] === '') placed[field] = value;
  }
  return createRecord(db, actor, 'organizations', placed, actor.view === 'reseller'
    ? (organization, transaction) => issueTrials(actor, organization, transaction, options.today) : undefined);
}

async function issueTrials(actor: Actor, organization: Row, transaction: Transaction, today: IsoDate): Promise<void> {
  if (!isCustomerOrganization(organization.views)) return;
  for (const group of await ProductGroup.findAll({ where: { customerTrials: true }, order: [['id', 'ASC']], transaction })) {
    const held = await heldFrame(actor.organizationId, group.id, transaction);
    const terms = held && trialTerms(held.frame, today);
    const article = terms && await Article.findOne({ where: { productGroupId: group.id, kind: 'demo' }, order: [['id', 'ASC']], transaction });
    if (!terms || !article) continue;
    for (let n = 0; n < TRIAL_LICENSES_PER_CUSTOMER; n++) {
      const license = await License.create({
        licenseKey: drawKey('LIC'), organizationId: Number(organization.id), articleId: article.id, status: 'inactive', ...terms,
      }, { transaction });
      await auditOperation(actor, 'licenses', 'create', license.organizationId, license.id,
        changesBetween(undefined, license.toJSON() as Row), transaction, { trial: group.name });
    }
  }
}
