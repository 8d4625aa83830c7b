import type { Model, ModelStatic, WhereOptions } from 'sequelize';
import {
  Article, License, Membership, Organization, ProductGroup, ProductGroupGrant, SoftwareRelease,
  Subscription, Ticket, User,
} from './index.ts';
import { hashPassword } from './passwords.ts';

export const DEMO_PASSWORD = 'portal-demo';

export const DEMO_LOGINS = [
  ['vendor@demo.test', 'vendor staff'],
  ['dpo@demo.test', 'data-protection officer'],
  ['distributor@demo.test', 'distributor admin'],
  ['reseller-a@demo.test', 'reseller A admin (also service provider)'],
  ['reseller-b@demo.test', 'reseller B admin'],
  ['customer-admin@demo.test', 'admin of a customer of reseller A'],
  ['customer-guest@demo.test', 'guest of the same customer'],
] as const;

/** Finds the row by its natural key and brings it to `values`; running the seed twice changes nothing. */
async function upsert<M extends Model>(model: ModelStatic<M>, where: WhereOptions, values: Record<string, unknown>): Promise<M> {
  const found = await model.findOne({ where });
  if (found) return found.update(values);
  return model.create({ ...(where as object), ...values } as never);
}

export async function seedDemo(): Promise<void> {
  // Its users share a published password: a production installation never gets them.
  if (process.env.NODE_ENV === 'production') throw new Error('NODE_ENV=production: the demo data (users with a published password) is never loaded.');
  const org = (ref: string, values: Record<string, unknown>) => upsert(Organization, { ref }, values);
  // Its contact address receives the service offer requests (requestOffer) when SALES_EMAIL is not set.
  const vendor = await org('vendor', { name: 'Demo Vendor GmbH', views: ['vendor'], locale: 'de', city: 'Kassel', country: 'DE', contactEmail: 'sales@vendor.demo.test' });
  const distributor = await org('distributor', { name: 'Demo Distribution AG', views: ['distributor'], parentId: vendor.id, billingEmail: 'billing@distributor.demo.test' });
  const resellerA = await org('reseller-a', {
    name: 'Reseller A GmbH', views: ['reseller', 'service_provider'], parentId: distributor.id, statementMode: 'prorated',
    billingEmail: 'billing@reseller-a.demo.test', locale: 'de', street: 'Hauptstraße 1', zip: '34117', city: 'Kassel', country: 'DE',
    supportContact: 'support@reseller-a.demo.test, +49 561 000000',
  });
  const resellerB = await org('reseller-b', {
    name: 'Reseller B Ltd', views: ['reseller'], parentId: distributor.id, statementMode: 'cutoff',
    billingEmail: 'billing@reseller-b.demo.test', locale: 'en', city: 'London', country: 'GB',
  });
  const customers = {
    a1: await org('customer-a1', { name: 'Musterfirma KG', views: ['customer'], parentId: resellerA.id, customerNumber: 'C-1001', dataPolicy: 'full', street: 'Lindenweg 5', zip: '10115', city: 'Berlin', country: 'DE', contactEmail: 'it@musterfirma.demo.test' }),
    a2: await org('customer-a2', { name: 'Customer C-1002', views: ['customer'], parentId: resellerA.id, customerNumber: 'C-1002', dataPolicy: 'pseudonymous' }),
    b1: await org('customer-b1', { name: 'Example Ltd', views: ['customer'], parentId: resellerB.id, customerNumber: 'C-2001', dataPolicy: 'full', city: 'Leeds', country: 'GB', locale: 'en' }),
    b2: await org('customer-b2', { name: 'Customer C-2002', views: ['customer'], parentId: resellerB.id, customerNumber: 'C-2002', dataPolicy: 'pseudonymous', locale: 'en' }),
  };

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // Everyone works in German but reseller B's admin, in English (each switches in the top bar).
  const user = async (email: string, name: string, membership: [Organization, string] | null, isDpo = false, locale = 'de') => {
    const u = await upsert(User, { email }, { name, passwordHash, isDpo, locale });
    if (membership) await upsert(Membership, { userId: u.id, organizationId: membership[0].id }, { role: membership[1] });
    return u;
  };
  await user('vendor@demo.test', 'Vera Vendor', [vendor, 'admin']);
  await user('dpo@demo.test', 'Dana Datenschutz', null, true);
  await user('distributor@demo.test', 'Dirk Distributor', [distributor, 'admin']);
  await user('reseller-a@demo.test', 'Anna Reseller', [resellerA, 'admin']);
  await user('reseller-b@demo.test', 'Ben Reseller', [resellerB, 'admin'], false, 'en');
  const customerAdmin = await user('customer-admin@demo.test', 'Carla Kunde', [customers.a1, 'admin']);
  await user('customer-guest@demo.test', 'Gustav Gast', [customers.a1, 'guest']);

  // The frames (models/domain/frame.ts): Office Suite demo days 14, 30, 60 and seats 1–500, Security
  // demo 30 and seats 1–100, both for reseller A; Office Suite narrowed to demo days 14, 30 and seats
  // 1–50 for reseller B, which has no Security grant. The vendor granted all of them.
  // A reseller's new customer gets two Office Suite trial licenses (services/customer-trials.ts).
  const office = await upsert(ProductGroup, { name: 'Office Suite' }, {
    description: 'Desktop office products', demoDays: [14, 30, 60], minSeats: 1, maxSeats: 500, termMonths: [1, 12, 24, 36], articleKinds: ['demo', 'nfr', 'subscription'],
    customerTrials: true,
  });
  const security = await upsert(ProductGroup, { name: 'Security' }, {
    description: 'Endpoint security', demoDays: [30], minSeats: 1, maxSeats: 100, termMonths: [1, 12], articleKinds: ['demo', 'full', 'subscription'],
  });
  const article = (code: string, values: Record<string, unknown>) => upsert(Article, { code }, { currency: 'EUR', ...values });
  const officeMonthly = await article('OFF-SUB-M', { name: 'Office Suite subscription (monthly)', kind: 'subscription', interval: 'month', priceCents: 1490, productGroupId: office.id });
  const officeYearly = await article('OFF-SUB-Y', { name: 'Office Suite subscription (yearly)', kind: 'subscription', interval: 'year', priceCents: 14900, productGroupId: office.id });
  const officeDemo = await article('OFF-DEMO', { name: 'Office Suite demo', kind: 'demo', interval: null, priceCents: 0, productGroupId: office.id });
  await article('OFF-NFR', { name: 'Office Suite NFR', kind: 'nfr', interval: 'month', priceCents: 0, productGroupId: office.id });
  const securityMonthly = await article('SEC-SUB-M', { name: 'Endpoint Security (monthly)', kind: 'subscription', interval: 'month', priceCents: 990, productGroupId: security.id });
  await article('SEC-FULL', { name: 'Endpoint Security perpetual', kind: 'full', interval: null, priceCents: 49900, productGroupId: security.id });

  // The distributor holds both groups whole: at least what the resellers below it hold, as a
  // distributor passes on at most what it holds (test/demo-frames.test.ts checks every reseller's frame against it).
  await upsert(ProductGroupGrant, { productGroupId: office.id, organizationId: distributor.id }, {});
  await upsert(ProductGroupGrant, { productGroupId: security.id, organizationId: distributor.id }, {});
  await upsert(ProductGroupGrant, { productGroupId: office.id, organizationId: resellerA.id }, {});
  await upsert(ProductGroupGrant, { productGroupId: security.id, organizationId: resellerA.id }, {});
  await upsert(ProductGroupGrant, { productGroupId: office.id, organizationId: resellerB.id }, { demoDays: [14, 30], maxSeats: 50 });

  await upsert(SoftwareRelease, { productLine: 'Office Suite', version: '2026.1' }, { releasedOn: '2026-03-02', fileUrl: 'https://downloads.demo.test/office/2026.1/setup.exe', productGroupId: office.id });
  await upsert(SoftwareRelease, { productLine: 'Office Suite', version: '2026.2' }, { releasedOn: '2026-09-14', fileUrl: 'https://downloads.demo.test/office/2026.2/setup.exe', productGroupId: office.id });

  const license = (licenseKey: string, values: Record<string, unknown>) => upsert(License, { licenseKey }, values);
  const subscription = (ref: string, values: Record<string, unknown>) => upsert(Subscription, { ref }, values);
  for (const [key, customer, reseller] of [['a1', customers.a1, resellerA], ['a2', customers.a2, resellerA], ['b1', customers.b1, resellerB], ['b2', customers.b2, resellerB]] as const) {
    const sub = await license(`LIC-${key.toUpperCase()}-SUB`, { organizationId: customer.id, articleId: officeMonthly.id, kind: 'subscription', seats: 5, status: 'inactive' });
    await license(`LIC-${key.toUpperCase()}-DEMO`, { organizationId: customer.id, articleId: officeDemo.id, kind: 'demo', seats: 1, expiresOn: '2027-01-31' });
    await subscription(`SUB-${key.toUpperCase()}-1`, { resellerId: reseller.id, customerId: customer.id, articleId: officeMonthly.id, licenseId: sub.id, quantity: 5, unitPriceCents: officeMonthly.priceCents, interval: 'month', startDate: '2026-01-15', termMonths: 12, autoRenew: true });
    await upsert(Ticket, { code: `TCK-${key.toUpperCase()}-1` }, { articleId: officeDemo.id, organizationId: customer.id, status: 'open' });
  }
  await subscription('SUB-A1-2', { resellerId: resellerA.id, customerId: customers.a1.id, articleId: securityMonthly.id, quantity: 10, unitPriceCents: securityMonthly.priceCents, interval: 'month', startDate: '2026-10-10', termMonths: 1, autoRenew: true });
  await subscription('SUB-B1-Y', { resellerId: resellerB.id, customerId: customers.b1.id, articleId: officeYearly.id, quantity: 2, unitPriceCents: officeYearly.priceCents, interval: 'year', startDate: '2026-06-01', termMonths: 12, autoRenew: true });
  await upsert(Ticket, { code: 'TCK-A1-2' }, { articleId: officeDemo.id, organizationId: customers.a1.id, status: 'assigned', assignedUserId: customerAdmin.id });
}
