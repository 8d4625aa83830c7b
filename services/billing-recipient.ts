/**
 * Who a customer organization's billing goes to: it carries no billing address of its own
 * (Enginsight), so the channel organization above it — its partner — is the billing recipient. The
 * panel shows it on the customer's page and list; a view that does not see billing addresses
 * (`billingEmail` hidden: the customer's own, the DPO's) gets the partner's name only.
 */
import { Op } from 'sequelize';
import { isCustomerOrganization } from '../models/domain/policy.ts';
import { Organization } from '../models/index.ts';

type OrganizationRow = { id?: unknown; views?: unknown; parentId?: unknown };

/** The billing recipient of each customer organization among `rows`, as shown: `Name <billing e-mail>` or the name alone. */
export async function billingRecipients(rows: OrganizationRow[], withAddress: boolean): Promise<Map<number, string>> {
  const customers = rows.filter((row) => isCustomerOrganization(row.views) && row.parentId !== null && row.parentId !== undefined);
  if (customers.length === 0) return new Map();
  const partners = await Organization.findAll({
    where: { id: { [Op.in]: [...new Set(customers.map((row) => Number(row.parentId)))] } }, attributes: ['id', 'name', 'billingEmail'],
  });
  const byId = new Map(partners.map((partner) => [partner.id, partner]));
  const shown = new Map<number, string>();
  for (const row of customers) {
    const partner = byId.get(Number(row.parentId));
    if (!partner) continue;
    shown.set(Number(row.id), withAddress && partner.billingEmail ? `${partner.name} <${partner.billingEmail}>` : partner.name);
  }
  return shown;
}
