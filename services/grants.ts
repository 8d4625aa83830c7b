/**
 * Granting a product group (the frame): vendor staff grant any channel organization the group,
 * optionally narrower; a distributor's admin passes a group it holds on to a channel organization
 * below it, at most as it holds it. Who granted is recorded (null: the vendor) and bounds the grant
 * for as long as it stands (models/domain/frame.ts). Withdrawing a grant is a plain delete
 * (row-rules.ts: the channel only withdraws the grants it gave).
 */
import type { Sequelize, Transaction } from 'sequelize';
import { CHANNEL_VIEWS, type Actor } from '../models/domain/policy.ts';
import { grantProblems } from '../models/domain/frame.ts';
import { Organization, ProductGroupGrant } from '../models/index.ts';
import { inTransaction, prepareWrite, visible, type Input, type Row } from './records.ts';
import { auditWrite } from './audit-trail.ts';
import { frameRefusal, heldFrame, narrowingOf } from './frames.ts';
import { Refusal } from './refusal.ts';
import { msg } from '../templates/messages.ts';

/** The grant as it would stand: a channel organization other than the granter, inside what the granter holds. */
async function assertInsideGranterFrame(grant: Row, transaction: Transaction): Promise<void> {
  const grantee = await Organization.findByPk(Number(grant.organizationId), { attributes: ['id', 'views'], transaction });
  if (!grantee || !grantee.views.some((view) => (CHANNEL_VIEWS as readonly string[]).includes(view)) || grantee.id === grant.grantedById) {
    throw Refusal.ofFields(422, { organizationId: msg('grantBelowGranter') });
  }
  const granter = grant.grantedById === null || grant.grantedById === undefined ? null : Number(grant.grantedById);
  const held = await heldFrame(granter, Number(grant.productGroupId), transaction);
  if (!held) {
    const name = granter === null ? 'The vendor' : (await Organization.findByPk(granter, { attributes: ['name'], transaction }))?.name ?? 'The granter';
    throw Refusal.ofFields(422, { productGroupId: msg('noGrantToPass', { granter: name }) });
  }
  const problems = grantProblems(held.frame, narrowingOf(grant), held.label);
  if (problems.length > 0) throw frameRefusal(problems);
}

export async function createGrant(db: Sequelize, actor: Actor, input: Input): Promise<Row> {
  return inTransaction(db, 'product_group_grants', async (transaction) => {
    const grantedById = actor.view === 'vendor' ? null : actor.organizationId;
    const { scope, values } = await prepareWrite(db, actor, 'product_group_grants', 'create', input, { transaction, fixed: { grantedById } });
    await assertInsideGranterFrame(values, transaction);
    const row = (await ProductGroupGrant.create(values, { transaction })).toJSON() as Row;
    await auditWrite(actor, 'product_group_grants', 'create', row, undefined, transaction);
    return visible(scope, row);
  });
}

export async function updateGrant(db: Sequelize, actor: Actor, id: unknown, input: Input): Promise<Row> {
  return inTransaction(db, 'product_group_grants', async (transaction) => {
    const { scope, values, current } = await prepareWrite(db, actor, 'product_group_grants', 'update', input, { id, transaction });
    const before = current!.toJSON() as Row;
    await assertInsideGranterFrame({ ...before, ...values }, transaction);
    const row = (await current!.update(values, { transaction })).toJSON() as Row;
    await auditWrite(actor, 'product_group_grants', 'update', row, before, transaction);
    return visible(scope, row);
  });
}
