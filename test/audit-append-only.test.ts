// The audit trail is append-only in the database (migration 008): an entry is never rewritten or
// removed, except that deleting a user or an organization cuts the link to it, and the GDPR erasure
// scrubs details inside its own transaction (its end-to-end test is test/erasure.test.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryTypes, type Transaction } from 'sequelize';
import { startTestPortal, type TestPortal } from './support/portal.ts';
import { AuditEvent, Organization, User } from '../models/index.ts';
import { recordAudit, rewritingAuditTrail } from '../models/audit.ts';
import { migrate } from '../models/migrate.ts';

describe('append-only audit trail', () => {
  let portal: TestPortal;
  const row = async (id: string) => (await portal.sequelize.query<{ row: string }>(
    'select t::text as row from audit_events t where id = :id', { replacements: { id }, type: QueryTypes.SELECT }))[0]?.row;
  const entry = async (userId: number | null, organizationId: number | null) => {
    await recordAudit({ userId, organizationId, action: 'test.entry', details: { note: 'original' } });
    return String((await AuditEvent.findOne({ order: [['id', 'DESC']] }))!.id);
  };

  before(async () => {
    portal = await startTestPortal({}, { demo: false });
  });
  after(() => portal.close());

  it('is installed by the migrations, which then have nothing left to apply', async () => {
    const names = await portal.sequelize.query<{ name: string }>('select name from schema_migrations', { type: QueryTypes.SELECT });
    assert.ok(names.some((n) => n.name === '008-audit-append-only'));
    assert.deepEqual(await migrate(portal.sequelize, portal.db.url), []);
  });

  it('refuses an UPDATE, a DELETE and a TRUNCATE, and the entry stays as it was', async () => {
    const id = await entry(null, null);
    const before = await row(id);
    await assert.rejects(portal.sequelize.query(`update audit_events set details = '{}' where id = :id`, { replacements: { id } }),
      /audit_events is append-only: UPDATE of audit entry \d+ refused/);
    await assert.rejects(portal.sequelize.query('delete from audit_events where id = :id', { replacements: { id } }),
      /audit_events is append-only: DELETE of audit entry \d+ refused/);
    await assert.rejects(portal.sequelize.query('truncate audit_events'), /audit_events is append-only: TRUNCATE refused/);
    await assert.rejects(AuditEvent.update({ action: 'forged' }, { where: { id } }), /append-only/);
    await assert.rejects(AuditEvent.destroy({ where: { id } }), /append-only/);
    assert.equal(await row(id), before);
  });

  it('refuses to unlink an entry from a user or organization that still exists', async () => {
    const user = await User.create({ email: 'still-here@example.test', name: 'Still Here' });
    const org = await Organization.create({ name: 'Still Here GmbH', views: ['customer'] });
    const id = await entry(user.id, org.id);
    const before = await row(id);
    await assert.rejects(portal.sequelize.query('update audit_events set user_id = null where id = :id', { replacements: { id } }), /append-only/);
    await assert.rejects(portal.sequelize.query('update audit_events set organization_id = null where id = :id', { replacements: { id } }), /append-only/);
    assert.equal(await row(id), before);
  });

  it('lets deleting a user or an organization null the link, and nothing else', async () => {
    const user = await User.create({ email: 'leaving@example.test', name: 'Leaving' });
    const org = await Organization.create({ name: 'Leaving GmbH', views: ['customer'] });
    const id = await entry(user.id, org.id);
    const before = (await AuditEvent.findByPk(id))!.get({ plain: true });
    await user.destroy();
    assert.deepEqual((await AuditEvent.findByPk(id))!.get({ plain: true }), { ...before, userId: null });
    await org.destroy();
    assert.deepEqual((await AuditEvent.findByPk(id))!.get({ plain: true }), { ...before, userId: null, organizationId: null });
  });

  it('lets the erasure rewrite an entry inside its transaction only, and never after it', async () => {
    const id = await entry(null, null);
    const setting = async (transaction?: Transaction) => (await portal.sequelize.query<{ value: string | null }>(
      `select current_setting('portal.audit_maintenance', true) as value`, { type: QueryTypes.SELECT, transaction }))[0].value;
    await portal.sequelize.transaction(async (transaction) => {
      await rewritingAuditTrail(portal.sequelize, transaction, () => portal.sequelize.query(
        `update audit_events set details = '{"note":"scrubbed"}' where id = :id`, { replacements: { id }, transaction }));
      assert.equal(await setting(transaction), 'off', 'the rest of the transaction is held to the rule again');
    });
    assert.deepEqual((await AuditEvent.findByPk(id))!.details, { note: 'scrubbed' });
    assert.notEqual(await setting(), 'on');
    await assert.rejects(portal.sequelize.query(`update audit_events set details = '{}' where id = :id`, { replacements: { id } }), /append-only/);
  });
});
