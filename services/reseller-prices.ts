/**
 * Vendor-set prices per reseller: a vendor admin sets the unit price (integer cents) a reseller is
 * charged for an article. A subscription booked by that reseller (services/subscription-booking.ts)
 * or imported without a price of its own (services/erp-import.ts) takes it, else the article's
 * price; the channel never types a price. Changing a price changes no booked subscription: each
 * keeps the unit price it was booked with, as with the article's price.
 */
import type { Sequelize, Transaction } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import { Organization, ResellerPrice } from '../models/index.ts';
import { inTransaction, prepareWrite, visible, type Input, type Row } from './records.ts';
import { auditWrite } from './audit-trail.ts';
import { Refusal } from './refusal.ts';
import { msg } from '../templates/messages.ts';

/** The unit price `resellerId` is charged for the article: its own price when the vendor set one, else the article's. */
export async function unitPriceFor(article: { id: number; priceCents: number }, resellerId: number, transaction?: Transaction): Promise<number> {
  const own = await ResellerPrice.findOne({ where: { articleId: article.id, resellerId }, attributes: ['unitPriceCents'], transaction });
  return own?.unitPriceCents ?? article.priceCents;
}

/** `reseller_prices/new`: one price per article and reseller (a second one answers 409), for an organization holding the reseller view. */
export async function createResellerPrice(db: Sequelize, actor: Actor, input: Input): Promise<Row> {
  return inTransaction(db, 'reseller_prices', async (transaction) => {
    const { scope, values } = await prepareWrite(db, actor, 'reseller_prices', 'create', input, { transaction });
    const reseller = await Organization.findByPk(Number(values.resellerId), { attributes: ['views'], transaction });
    if (!reseller?.views.includes('reseller')) throw Refusal.ofFields(422, { resellerId: msg('priceForReseller') });
    const row = (await ResellerPrice.create(values, { transaction })).toJSON() as Row;
    await auditWrite(actor, 'reseller_prices', 'create', row, undefined, transaction);
    return visible(scope, row);
  });
}
