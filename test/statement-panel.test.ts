// Statements in the panel: who sees which statement, the file downloads through the scoped
// lookup, restricted rows, and the vendor's resend.
import { buffer } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPanel, login, switchContext, type Agent, type TestPanel } from './support/portal.ts';
import { startSmtp, type TestSmtp } from './support/smtp.ts';
import type { Panel } from '../admin/panel.ts';
import { createMailer } from '../services/mailer.ts';
import { Op } from 'sequelize';
import { AuditEvent, Organization, StatementRecord, User } from '../models/index.ts';
import { issueStatements } from '../services/statements/issue-period.ts';
import { sendPendingStatements } from '../services/statements/send-pending.ts';
import { loadStoredStatement, renderStatementCsv, renderStoredStatementPdf } from '../services/statements/stored-statement.ts';

const LIST = '/admin/api/resources/statements/actions/list';
const binary = (agent: Agent, url: string) => agent.get(url).buffer(true).parse((res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
});

describe('statements in the panel', () => {
  let portal: TestPanel;
  let panel: Panel;
  let ids: { a: number; b: number };
  let orgs: Record<string, number>;

  before(async () => {
    portal = await startTestPanel();
    panel = portal.panel;
    await issueStatements(portal, { period: '2026-01', trigger: 'cli', now: new Date('2026-02-01T05:00:00Z') });
    const rows = await StatementRecord.findAll();
    ids = { a: rows.find((r) => r.resellerRef === 'reseller-a')!.id, b: rows.find((r) => r.resellerRef === 'reseller-b')!.id };
    orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
  });
  after(() => portal.close());

  async function as(email: string, orgRef: string, view: string): Promise<Agent> {
    const agent = await login(panel.app, email);
    await switchContext(agent, orgs[orgRef], view);
    return agent;
  }
  const listedIds = async (agent: Agent, resource = 'statements') => {
    const res = await agent.get(`/admin/api/resources/${resource}/actions/list`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.records as Array<{ id: string }>).map((r) => Number(r.id)).sort();
  };

  it('a reseller sees and downloads only its own statements; another reseller\'s id is not found', async () => {
    const agent = await as('reseller-a@demo.test', 'reseller-a', 'reseller');
    assert.deepEqual(await listedIds(agent), [ids.a]);
    assert.equal((await agent.get(`/admin/api/resources/statements/records/${ids.a}/show`)).status, 200);
    assert.equal((await agent.get(`/admin/api/resources/statements/records/${ids.b}/show`)).status, 404);

    const statement = (await loadStoredStatement(portal.sequelize, ids.a))!;
    const pdf = await binary(agent, `/admin/statements/${ids.a}/pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(pdf.headers['content-disposition'], /attachment; filename="statement-reseller-a-2026-01\.pdf"/);
    assert.ok((pdf.body as Buffer).equals(await buffer(await renderStoredStatementPdf(portal.sequelize, statement, portal.config.timezone))));
    const csv = await agent.get(`/admin/statements/${ids.a}/csv`);
    assert.equal(csv.status, 200);
    assert.equal(csv.text, renderStatementCsv(statement).toString('utf8'));
    assert.ok(!csv.text.includes('C-2001'), 'no line of reseller B');

    assert.equal((await agent.get(`/admin/statements/${ids.b}/pdf`)).status, 404);
    assert.equal((await agent.get(`/admin/statements/${ids.b}/csv`)).status, 404);
    assert.equal((await agent.get(`/admin/statements/999999/pdf`)).status, 404);

    // Like every custom action, the download action answers a POST only (admin/post-only.ts).
    const action = await agent.post(`/admin/api/resources/statements/records/${ids.a}/downloadPdf`);
    assert.equal(action.body.redirectUrl, `/admin/statements/${ids.a}/pdf`);
    assert.equal((await agent.post(`/admin/api/resources/statements/records/${ids.b}/downloadPdf`)).status, 404);

    const lines = await agent.get('/admin/api/resources/statement_lines/actions/list');
    assert.ok((lines.body.records as Array<{ params: { statementId: number } }>).every((r) => r.params.statementId === ids.a));
    assert.equal(lines.body.records.length, 2);
  });

  it('records each statement file served in the audit trail, with its format; a refused download records nothing', async () => {
    const last = Number(await AuditEvent.max('id') ?? 0);
    const reseller = await as('reseller-a@demo.test', 'reseller-a', 'reseller');
    const customer = await login(panel.app, 'customer-admin@demo.test');
    const since = () => AuditEvent.findAll({ where: { id: { [Op.gt]: last }, action: { [Op.ne]: 'users.login' } }, order: [['id', 'ASC']] });
    assert.equal((await binary(reseller, `/admin/statements/${ids.a}/pdf`)).status, 200);
    assert.equal((await reseller.get(`/admin/statements/${ids.a}/csv`)).status, 200);
    assert.equal((await reseller.get(`/admin/statements/${ids.b}/csv`)).status, 404);
    assert.equal((await reseller.get('/admin/statements/999999/pdf')).status, 404);
    assert.equal((await reseller.get(`/admin/statements/${ids.a}/xls`)).status, 404);
    assert.equal((await customer.get(`/admin/statements/${ids.a}/pdf`)).status, 403);
    const user = (await User.findOne({ where: { email: 'reseller-a@demo.test' } }))!;
    assert.deepEqual((await since()).map((e) => [e.userId, e.organizationId, e.action, e.resource, e.recordId, e.details]), ['pdf', 'csv'].map((format) =>
      [user.id, orgs['reseller-a'], 'statements.download', 'statements', String(ids.a), { view: 'reseller', format, period: '2026-01' }]));
  });

  it('customers, and the same company in its service-provider view, get no statement, no count and no file', async () => {
    const customer = await login(panel.app, 'customer-admin@demo.test');
    const provider = await as('reseller-a@demo.test', 'reseller-a', 'service_provider');
    for (const agent of [customer, provider]) {
      const list = await agent.get(LIST);
      assert.equal(list.status, 403);
      assert.equal(list.body.meta, undefined, 'no count either');
      assert.equal((await agent.get(`/admin/api/resources/statements/records/${ids.a}/show`)).status, 403);
      assert.equal((await agent.get('/admin/api/resources/statement_lines/actions/list')).status, 403);
      assert.equal((await agent.get(`/admin/statements/${ids.a}/pdf`)).status, 403);
    }
  });

  it('a distributor sees the statements of its resellers; nobody but the vendor may resend', async () => {
    const distributor = await as('distributor@demo.test', 'distributor', 'distributor');
    assert.deepEqual(await listedIds(distributor), [ids.a, ids.b].sort());
    assert.equal((await distributor.get(`/admin/statements/${ids.b}/pdf`)).status, 200);
    const reseller = await as('reseller-a@demo.test', 'reseller-a', 'reseller');
    // AdminJS answers a refused record action with 200 and a ForbiddenError in the body; what counts is that nothing happened.
    const refused = (res: { status: number; body: { record?: { baseError?: { type?: string } } } }) =>
      res.status === 403 || res.body.record?.baseError?.type === 'ForbiddenError';
    assert.ok(refused(await reseller.post(`/admin/api/resources/statements/records/${ids.a}/resend`)));
    assert.equal(await AuditEvent.count({ where: { action: 'statements.resend' } }), 0);
    assert.ok(refused(await reseller.post(`/admin/api/resources/statements/records/${ids.a}/edit`).send({ totalCents: 1 })));
    assert.equal((await StatementRecord.findByPk(ids.a))!.totalCents, '8170');
  });

  it('vendor staff see every statement and resend one to the current billing address, recorded in the audit trail', async () => {
    let smtp: TestSmtp | undefined;
    try {
      smtp = await startSmtp();
      const mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: 'Portal <portal@demo.test>' });
      await sendPendingStatements(portal, { mailer });
      assert.equal(smtp.messages.length, 2);
      await Organization.update({ billingEmail: 'new-billing@reseller-b.demo.test' }, { where: { ref: 'reseller-b' } });

      const vendor = await as('vendor@demo.test', 'vendor', 'vendor');
      assert.deepEqual(await listedIds(vendor), [ids.a, ids.b].sort());
      assert.equal((await vendor.get('/admin/api/resources/statement_runs/actions/list')).body.records.length, 1);
      const res = await vendor.post(`/admin/api/resources/statements/records/${ids.b}/resend`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.record.params.mailStatus, 'pending');
      const audit = await AuditEvent.findOne({ where: { action: 'statements.resend', recordId: String(ids.b) } });
      assert.ok(audit, 'the resend is in the audit trail');

      const again = await sendPendingStatements(portal, { mailer });
      mailer.close();
      assert.deepEqual(again.sent, [ids.b]);
      assert.equal(smtp.messages.length, 3);
      const resent = smtp.messages[2];
      assert.equal(resent.to && 'text' in resent.to ? resent.to.text : '', 'new-billing@reseller-b.demo.test');
      assert.deepEqual(resent.attachments.map((a) => a.filename), ['statement-reseller-b-2026-01.pdf', 'statement-reseller-b-2026-01.csv']);
    } finally {
      await smtp?.stop();
      await Organization.update({ billingEmail: 'billing@reseller-b.demo.test' }, { where: { ref: 'reseller-b' } });
    }
  });

  it('a restricted statement is hidden from every view but the DPO\'s, who sees no amounts and downloads nothing', async () => {
    await portal.sequelize.query('update statements set restricted_at = now() where id = :id; update statement_lines set restricted_at = now() where statement_id = :id', { replacements: { id: ids.a } });
    try {
      const reseller = await as('reseller-a@demo.test', 'reseller-a', 'reseller');
      assert.deepEqual(await listedIds(reseller), []);
      assert.equal((await reseller.get(`/admin/statements/${ids.a}/pdf`)).status, 404);
      assert.deepEqual(await listedIds(reseller, 'statement_lines'), []);
      const vendor = await as('vendor@demo.test', 'vendor', 'vendor');
      assert.deepEqual(await listedIds(vendor), [ids.b]);
      assert.equal((await vendor.get(`/admin/api/resources/statements/records/${ids.a}/show`)).status, 404);

      const dpo = await login(panel.app, 'dpo@demo.test');
      assert.deepEqual(await listedIds(dpo), [ids.a, ids.b].sort());
      const shown = await dpo.get(`/admin/api/resources/statements/records/${ids.a}/show`);
      assert.equal(shown.body.record.params.totalCents, undefined);
      const lines = await dpo.get('/admin/api/resources/statement_lines/actions/list');
      assert.ok((lines.body.records as Array<{ params: Record<string, unknown> }>).every((r) => r.params.amountCents === undefined));
      assert.equal((await dpo.get(`/admin/statements/${ids.a}/pdf`)).status, 403);
    } finally {
      await portal.sequelize.query('update statements set restricted_at = null; update statement_lines set restricted_at = null');
    }
  });
});
