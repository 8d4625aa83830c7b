import type { QueryInterface } from 'sequelize';
import { LICENSE_KINDS } from '../domain/values.ts';

const KINDS = LICENSE_KINDS.map((kind) => `'${kind}'`).join(',');

/**
 * The product-group frame (models/domain/frame.ts): a group's allowed subscription terms and
 * article kinds next to its demo days and seats; a grant narrows each of them (null: as the
 * granter holds it) and records who granted it (null: the vendor), so a distributor's grant to a
 * reseller stays bounded by what the distributor holds. Releases belong to a product group (read
 * by the organizations granted or holding it); an exchanged subscription names its replacement.
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    alter table product_groups
      add column term_months integer[] not null default '{}',
      add column article_kinds text[] not null default array[${KINDS}],
      add constraint product_groups_demo_days_positive check (0 < all(demo_days)),
      add constraint product_groups_term_months_positive check (0 < all(term_months)),
      add constraint product_groups_article_kinds_known check (article_kinds <@ array[${KINDS}]);

    alter table product_group_grants
      add column term_months integer[],
      add column article_kinds text[],
      add column granted_by_id integer references organizations(id) on delete cascade,
      add constraint product_group_grants_demo_days_positive check (0 < all(demo_days)),
      add constraint product_group_grants_term_months_positive check (0 < all(term_months)),
      add constraint product_group_grants_article_kinds_known check (article_kinds <@ array[${KINDS}]),
      add constraint product_group_grants_not_self check (granted_by_id <> organization_id);
    create index product_group_grants_granted_by_id on product_group_grants(granted_by_id);

    alter table software_releases add column product_group_id integer references product_groups(id) on delete set null;
    update software_releases r set product_group_id = g.id from product_groups g where g.name = r.product_line;
    create index software_releases_product_group_id on software_releases(product_group_id);

    alter table subscriptions
      add column replaced_by_id integer references subscriptions(id) on delete set null,
      add constraint subscriptions_replaced_by_exchange check (replaced_by_id is null or (cancel_reason = 'exchange' and replaced_by_id <> id));
    create index subscriptions_replaced_by_id on subscriptions(replaced_by_id);
  `);
}
