import { QueryTypes, type Sequelize } from 'sequelize';

/**
 * What each kind of user is meant to reach, written down independently of the policy module so the
 * scoping matrix test compares the running panel against intent rather than against itself.
 * Returns null when the view must not reach the resource at all.
 */
export type Oracle = (sql: Sequelize, actor: OracleActor) => Promise<Set<number> | null>;

export interface OracleActor {
  organizationId: number;
  view: string;
  /** The actor's organization and everything below it. */
  reach: number[];
  role: string;
}

const ids = async (sql: Sequelize, query: string, replacements: Record<string, unknown> = {}) =>
  new Set((await sql.query<{ id: number }>(query, { replacements, type: QueryTypes.SELECT })).map((r) => Number(r.id)));

const everything = (table: string): Oracle => (sql) => ids(sql, `select id from ${table}`);

const unrestricted = (table: string): Oracle => (sql) => ids(sql, `select id from ${table} where restricted_at is null`);

const byOrg = (table: string, column = 'organization_id'): Oracle => (sql, a) =>
  ids(sql, `select id from ${table} where ${column} in (:reach)`, { reach: a.reach });

const HELD_ARTICLES = `select l.article_id as id from licenses l where l.organization_id in (:reach)
  union select t.article_id from tickets t where t.organization_id in (:reach)
  union select s.article_id from subscriptions s where s.customer_id in (:reach)`;

const CHANNEL = ['distributor', 'reseller', 'service_provider', 'system_integrator', 'partner'];

function perView(rules: Partial<Record<string, Oracle>> & { vendor: Oracle }): Oracle {
  return (sql, a) => {
    const rule = rules[a.view] ?? (CHANNEL.includes(a.view) ? rules.channel : undefined);
    return rule ? rule(sql, a) : Promise.resolve(null);
  };
}

export const ORACLES: Record<string, Oracle> = {
  organizations: perView({ vendor: everything('organizations'), dpo: everything('organizations'), channel: byOrg('organizations', 'id'), customer: byOrg('organizations', 'id') }),
  users: perView({
    vendor: everything('users'), dpo: everything('users'),
    channel: (sql, a) => ids(sql, 'select distinct user_id as id from memberships where organization_id in (:reach)', { reach: a.reach }),
    customer: (sql, a) => ids(sql, 'select distinct user_id as id from memberships where organization_id in (:reach)', { reach: a.reach }),
  }),
  memberships: perView({ vendor: everything('memberships'), dpo: everything('memberships'), channel: byOrg('memberships'), customer: byOrg('memberships') }),
  // The catalog a channel organization sees is that of the product groups granted to it; a
  // customer's is what it holds (licenses, tickets, subscriptions bought for it) and their groups' releases.
  articles: perView({
    vendor: everything('articles'), dpo: everything('articles'),
    channel: (sql, a) => ids(sql, `select a.id from articles a join product_group_grants g on g.product_group_id = a.product_group_id
      where g.organization_id = :org`, { org: a.organizationId }),
    customer: (sql, a) => ids(sql, HELD_ARTICLES, { reach: a.reach }),
  }),
  product_groups: perView({
    vendor: everything('product_groups'),
    channel: (sql, a) => ids(sql, 'select product_group_id as id from product_group_grants where organization_id = :org', { org: a.organizationId }),
  }),
  product_group_grants: perView({ vendor: everything('product_group_grants'), channel: byOrg('product_group_grants') }),
  software_releases: perView({
    vendor: everything('software_releases'),
    channel: (sql, a) => ids(sql, `select r.id from software_releases r join product_group_grants g on g.product_group_id = r.product_group_id
      where g.organization_id = :org`, { org: a.organizationId }),
    customer: (sql, a) => ids(sql, `select r.id from software_releases r join articles a on a.product_group_id = r.product_group_id
      where a.id in (${HELD_ARTICLES})`, { reach: a.reach }),
  }),
  tickets: perView({ vendor: everything('tickets'), dpo: everything('tickets'), channel: byOrg('tickets'), customer: byOrg('tickets') }),
  licenses: perView({ vendor: everything('licenses'), dpo: everything('licenses'), channel: byOrg('licenses'), customer: byOrg('licenses') }),
  subscriptions: perView({
    vendor: everything('subscriptions'), dpo: everything('subscriptions'),
    channel: (sql, a) => ids(sql, 'select id from subscriptions where reseller_id in (:reach) or customer_id in (:reach)', { reach: a.reach }),
  }),
  statements: perView({
    vendor: unrestricted('statements'), dpo: everything('statements'),
    distributor: (sql, a) => ids(sql, 'select id from statements where reseller_id in (:reach) and restricted_at is null', { reach: a.reach }),
    reseller: (sql, a) => ids(sql, 'select id from statements where reseller_id in (:reach) and restricted_at is null', { reach: a.reach }),
  }),
  statement_lines: perView({
    vendor: unrestricted('statement_lines'), dpo: everything('statement_lines'),
    distributor: (sql, a) => ids(sql, 'select l.id from statement_lines l join statements s on s.id = l.statement_id where s.reseller_id in (:reach) and l.restricted_at is null', { reach: a.reach }),
    reseller: (sql, a) => ids(sql, 'select l.id from statement_lines l join statements s on s.id = l.statement_id where s.reseller_id in (:reach) and l.restricted_at is null', { reach: a.reach }),
  }),
  statement_runs: perView({ vendor: everything('statement_runs') }),
  // A vendor price for a reseller is billing: the reseller and its distributor read it, like its statements.
  reseller_prices: perView({ vendor: everything('reseller_prices'), distributor: byOrg('reseller_prices', 'reseller_id'), reseller: byOrg('reseller_prices', 'reseller_id') }),
  erasure_requests: perView({ vendor: everything('erasure_requests'), dpo: everything('erasure_requests') }),
  erasure_certificates: perView({ vendor: async () => null, dpo: everything('erasure_certificates') }),
  custom_property_definitions: perView({ vendor: everything('custom_property_definitions'), dpo: everything('custom_property_definitions'), channel: byOrg('custom_property_definitions') }),
  custom_property_values: perView({
    vendor: everything('custom_property_values'), dpo: everything('custom_property_values'),
    channel: byOrg('custom_property_values'),
    // A customer reads its own values of the properties its partner marked visible to it.
    customer: (sql, a) => ids(sql, `select v.id from custom_property_values v join custom_property_definitions d on d.id = v.definition_id
      where v.organization_id in (:reach) and d.visible_to_customer`, { reach: a.reach }),
  }),
  audit_events: perView({ vendor: everything('audit_events'), dpo: everything('audit_events'), channel: byOrg('audit_events'), customer: byOrg('audit_events') }),
  // Everyone in an organization sees who is invited into it and below; the DPO reads all of them.
  invitations: perView({ vendor: everything('invitations'), dpo: everything('invitations'), channel: byOrg('invitations'), customer: byOrg('invitations') }),
  // An offer request is the requesting organization's (and those above it); vendor sales read all,
  // the DPO none. Partners request no offers but would read what was requested below them.
  offer_requests: perView({ vendor: everything('offer_requests'), channel: byOrg('offer_requests'), customer: byOrg('offer_requests') }),
  // A support thread belongs to both sides: the license holder and the organization handling it.
  // API tokens are their organization's admins' (and the admins' above, as everywhere); never the DPO's.
  api_tokens: (sql, a) => (a.role !== 'admin' ? Promise.resolve(null)
    : perView({ vendor: everything('api_tokens'), channel: byOrg('api_tokens'), customer: byOrg('api_tokens') })(sql, a)),
  support_messages: perView({
    vendor: everything('support_messages'),
    channel: (sql, a) => ids(sql, 'select id from support_messages where organization_id in (:reach) or handler_organization_id in (:reach)', { reach: a.reach }),
    customer: (sql, a) => ids(sql, 'select id from support_messages where organization_id in (:reach) or handler_organization_id in (:reach)', { reach: a.reach }),
  }),
  // Webhook endpoints and their deliveries are their organization's (and those above it); not the DPO's.
  webhook_endpoints: perView({ vendor: everything('webhook_endpoints'), channel: byOrg('webhook_endpoints'), customer: byOrg('webhook_endpoints') }),
  webhook_deliveries: perView({ vendor: everything('webhook_deliveries'), channel: byOrg('webhook_deliveries'), customer: byOrg('webhook_deliveries') }),
};
