/**
 * Target 4: erasing a customer with 10,000 licenses (each with a device name) and 10,000
 * statement lines, through the production path as the CLI runs it (request → approve → execute by
 * the DPO), against the bare UPDATE/DELETE statements its plan amounts to, in one transaction, on a
 * second customer set up identically, in the same run. The VACUUM FULL the execution runs after
 * its commit is timed on its own: it rewrites whole tables (1M licenses) whatever the subject.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { Portal } from '../models/index.ts';
import { approveRequest, dpoCaller, executeNow, fileRequest } from '../services/erasure/requests.ts';
import { vacuumTouchedTables } from '../services/erasure/execute.ts';
import { record } from './measure.ts';

const SECTION = '4 erasure';
const LICENSES = 10_000;
const SUBSCRIPTIONS = 1_000;
const PERIODS = 10;

/** Customer `bench-erase-<n>` under the first bench reseller: licenses, a member with a session-free account, statements of 10 old periods. */
async function setUpCustomer(sql: pg.Pool, n: number): Promise<{ id: number; name: string; email: string }> {
  const name = `Erase Me ${n} Maschinenbau GmbH`;
  const email = `owner@erase-me-${n}.bench.test`;
  const { rows: [org] } = await sql.query(`
    insert into organizations (ref, name, views, parent_id, customer_number, data_policy, locale, contact_email, street, zip, city, country)
    select 'bench-erase-' || $1::int, $2, array['customer'], r.id, 'BE-' || $1::int, 'full', 'de', $3, 'Lindenallee 7', '34117', 'Kassel', 'DE'
    from organizations r where r.ref = 'bench-r1' returning id, parent_id`, [n, name, email]);
  const { rows: [user] } = await sql.query(`insert into users (email, name, locale) values ($1, $2, 'de') returning id`, [email, `Owner of ${name}`]);
  await sql.query(`insert into memberships (user_id, organization_id, role) values ($1, $2, 'admin')`, [user.id, org.id]);
  await sql.query(`
    insert into licenses (license_key, organization_id, article_id, kind, status, seats, expires_on, created_at, updated_at, device)
    select 'LIC-ERASE-' || $1::int || '-' || lpad(g::text, 6, '0'), $2, (select id from articles where code = 'OFF-SUB-M'), 'subscription', 'active', 1,
           current_date + 200, now(), now(), 'PC-' || g || ' of ' || $3
    from generate_series(1, $4::int) g`, [n, org.id, name, LICENSES]);
  await sql.query(`
    insert into subscriptions (ref, reseller_id, customer_id, article_id, quantity, unit_price_cents, interval, start_date, term_months, auto_renew)
    select 'BENCH-ERASE-' || $1::int || '-' || g, $2, $3, a.id, 1, a.price_cents, a.interval, date '2010-01-01', 12, true
    from generate_series(1, $4::int) g, articles a where a.code = 'OFF-SUB-M'`, [n, org.parent_id, org.id, SUBSCRIPTIONS]);
  // Statements of periods 20n0-01 … (no clash with the reseller's real periods or the other customer's).
  await sql.query(`
    with st as (
      insert into statements (reseller_id, period, mode, currency, locale, reseller_name, billing_email, total_cents, issued_at, message_id, mail_status)
      select $2, (2000 + 10 * $1::int) || '-' || lpad(p::text, 2, '0'), 'cutoff', 'EUR', 'de', 'Reseller 1', 'billing@r1.bench.test', 0,
             make_date(2000 + 10 * $1::int, p, 1) + 31, '<bench-erase-' || $1::int || '-' || p || '@portal>', 'sent'
      from generate_series(1, $4::int) p returning id, period)
    insert into statement_lines (statement_id, line_type, charged_period, subscription_id, subscription_ref, customer_id, customer_number, customer_name,
                                 article_code, article_name, from_date, to_date, days, quantity, unit_price_cents, amount_cents)
    select st.id, 'charge', st.period, s.id, s.ref, $3, 'BE-' || $1::int, $5, 'OFF-SUB-M', 'Office', (st.period || '-01')::date, (st.period || '-28')::date, 28, 1, 1000, 1000
    from st, subscriptions s where s.customer_id = $3`, [n, org.parent_id, org.id, PERIODS, name]);
  return { id: org.id, name, email };
}

const escapeLike = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The statements the plan for `subject` amounts to, in one transaction (the floor). */
async function bareErasure(sql: pg.Pool, subject: { id: number; name: string; email: string }): Promise<void> {
  const pseudonym = `erased-bench${subject.id}`;
  const strings = [subject.name, subject.email, `Owner of ${subject.name}`, 'Lindenallee 7'].sort((a, b) => b.length - a.length);
  const patterns = strings.map(escapeLike);
  const regexp = strings.map(escapeRegExp).join('|');
  const client = await sql.connect();
  try {
    await client.query('begin');
    const { rows: members } = await client.query<{ id: number }>('select user_id as id from memberships where organization_id = $1', [subject.id]);
    const userIds = members.map((m) => m.id);
    await client.query(`delete from sessions where sess->'adminUser'->>'userId' = any($1::text[])`, [userIds.map(String)]);
    await client.query('delete from memberships where organization_id = $1', [subject.id]);
    await client.query('delete from invitations where organization_id = $1 or email = $2', [subject.id, subject.email]);
    await client.query(`set local portal.audit_maintenance = 'on'`);
    await client.query(`update audit_events set details = regexp_replace(details::text, $3, $4, 'gi')::jsonb,
        user_id = case when user_id = any($1::int[]) then null else user_id end
      where user_id = any($1::int[]) or details::text ilike any($2::text[])`, [userIds, patterns, regexp, pseudonym]);
    await client.query(`set local portal.audit_maintenance = 'off'`);
    await client.query('delete from users where id = any($1::int[])', [userIds]);
    await client.query('delete from custom_property_values where organization_id = $1', [subject.id]);
    await client.query(`update organizations set name = $2, data_policy = 'pseudonymous', contact_email = null, billing_email = null, street = null, zip = null,
      city = null, country = null, support_contact = null where id = $1`, [subject.id, pseudonym]);
    await client.query(`update licenses set device = $2 || '-device-' || id, updated_at = now() where organization_id = $1 and device is not null`, [subject.id, pseudonym]);
    await client.query(`update licenses set device = regexp_replace(device, $3, $4, 'gi'), updated_at = now()
      where organization_id <> $1 and device ilike any($2::text[])`, [subject.id, patterns, regexp, pseudonym]);
    for (const [table, column] of [['statement_runs', 'error'], ['job_claims', 'error'], ['statements', 'mail_error'], ['erasure_requests', 'reason'],
      ['offer_requests', 'message'], ['offer_requests', 'answer'], ['offer_requests', 'mailed_to'], ['support_messages', 'message']]) {
      await client.query(`update ${table} set ${column} = regexp_replace(${column}, $2, $3, 'gi') where ${column} ilike any($1::text[])`, [patterns, regexp, pseudonym]);
    }
    await client.query(`update statement_lines l set restricted_at = now(), retain_until = ((s.issued_at at time zone 'UTC')::date + interval '10 years')::date
      from statements s where s.id = l.statement_id and (l.customer_id = $1 or s.reseller_id = $1) and l.restricted_at is null`, [subject.id]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

export async function erasure(portal: Portal, sql: pg.Pool): Promise<void> {
  const portalSubject = await setUpCustomer(sql, 1);
  const floorSubject = await setUpCustomer(sql, 2);
  await sql.query('vacuum analyze organizations, licenses, subscriptions, statements, statement_lines, users, memberships');

  const dpo = await dpoCaller({ email: 'dpo@demo.test' });
  const started = performance.now();
  const request = await fileRequest(portal.sequelize, { subject: `org:bench-erase-1`, reason: 'Art. 17 request (benchmark)', by: dpo });
  await approveRequest(portal.sequelize, request.id, dpo, { fourEyes: false, graceDays: portal.config.erasureGraceDays, now: new Date() });
  await executeNow(portal.sequelize, request.id, dpo, portal.config.dataDir);
  const portalMs = performance.now() - started;
  const vacuumStarted = performance.now();
  await vacuumTouchedTables(portal.sequelize);
  const vacuumMs = performance.now() - vacuumStarted;

  const floorStarted = performance.now();
  await bareErasure(sql, floorSubject);
  const floorMs = performance.now() - floorStarted;

  // Both customers must have ended the same: devices pseudonymized, lines restricted, member gone.
  const outcome = async (id: number) => (await sql.query(`select
      (select count(*) from licenses where organization_id = $1 and device like 'erased-%-device-%') as devices,
      (select count(*) from statement_lines where customer_id = $1 and restricted_at is not null) as lines,
      (select count(*) from memberships where organization_id = $1) as members`, [id])).rows[0];
  const [mine, bare] = [await outcome(portalSubject.id), await outcome(floorSubject.id)];
  const same = JSON.stringify(mine) === JSON.stringify(bare) ? 'same outcome' : `outcomes differ: ${JSON.stringify(mine)} vs ${JSON.stringify(bare)}`;
  const floor = { value: floorMs, name: 'bare UPDATE/DELETE statements, one transaction' };
  record({
    section: SECTION, name: `erase a customer: ${LICENSES} licenses, ${SUBSCRIPTIONS * PERIODS} statement lines, VACUUM FULL excluded`,
    value: portalMs - vacuumMs, unit: 'ms', floor, target: { max: 2 }, note: `request → approve → execute; ${same}`,
  });
  record({ section: SECTION, name: 'the same, VACUUM FULL of the touched tables included', value: portalMs, unit: 'ms', floor, note: `VACUUM FULL alone ${vacuumMs.toFixed(0)} ms` });
}

/** The plans of the erasure's hot reads: the subject's licenses and lines, and the mention scan over every license's device. */
export async function erasurePlans(sql: pg.Pool): Promise<string[]> {
  const { rows: [org] } = await sql.query(`select id from organizations where ref = 'bench-erase-1'`);
  const plans: string[] = [];
  for (const [name, text] of [
    ['licenses of the subject or mentioning it', `select id, organization_id, device from licenses where organization_id = $1 or device ilike any(array['%Erase Me 1%'])`],
    ['statement lines of the subject', `select l.id from statement_lines l join statements s on s.id = l.statement_id where l.customer_id = $1 or s.reseller_id = $1`],
  ]) {
    const plan = await sql.query(`explain ${text}`, [org.id]);
    plans.push(`-- erasure: ${name}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
  return plans;
}
