import type { QueryInterface } from 'sequelize';

/**
 * Indexes for the panel's lists, searches and autocompletes at channel scale (README, Performance):
 * - the date sorts the lists offer (licenses by expiry, subscriptions by start), overall and, for
 *   licenses, within one organization (a customer's list reads its page straight off the index);
 * - a customer's licenses in key order (the list's default sort), and the articles it holds (a
 *   customer reads the articles of what it holds: services/reach.ts `held`, an index-only scan);
 * - prefix search on keys, codes and refs: admin/filter-to-where.ts compares lower(column) LIKE
 *   'prefix%', which a text_pattern_ops index on lower(column) answers in any collation;
 * - organization names are searched for a part of the name (ILIKE '%…%'): a trigram index.
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    create extension if not exists pg_trgm;
    create index licenses_expires_on on licenses (expires_on desc, id);
    create index licenses_organization_expires_on on licenses (organization_id, expires_on desc, id);
    create index licenses_organization_key on licenses (organization_id, license_key);
    create index licenses_organization_article on licenses (organization_id, article_id);
    create index licenses_key_prefix on licenses (lower(license_key) text_pattern_ops);
    create index subscriptions_start_date on subscriptions (start_date desc, id);
    create index subscriptions_ref_prefix on subscriptions (lower(ref) text_pattern_ops);
    create index tickets_code_prefix on tickets (lower(code) text_pattern_ops);
    create index organizations_name_trigram on organizations using gin (name gin_trgm_ops);
  `);
}
