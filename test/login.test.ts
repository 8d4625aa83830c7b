import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import type { Express } from 'express';
import { Op } from 'sequelize';
import { startTestPanel, login, type TestPanel } from './support/portal.ts';
import type { Panel } from '../admin/panel.ts';
import { AuditEvent, User } from '../models/index.ts';
import { availableContexts } from '../models/actor-lookup.ts';

describe('login and sessions', () => {
  let portal: TestPanel;
  let app: Express;
  let panel: Panel;
  before(async () => {
    portal = await startTestPanel();
    panel = portal.panel;
    app = panel.app;
  });
  after(() => portal.close());

  it('rejects a wrong password and keeps the user logged out', async () => {
    const agent = supertest.agent(app);
    const response = await agent.post('/admin/login').field('email', 'reseller-a@demo.test').field('password', 'wrong-password');
    assert.notEqual(response.status, 302);
    const api = await agent.get('/admin/api/resources/organizations/actions/list');
    assert.equal(api.status, 302);
    assert.equal(api.headers.location, '/admin/login');
  });

  it('issues a new HttpOnly SameSite session id at login, stored in PostgreSQL', async () => {
    const agent = supertest.agent(app);
    const before = await agent.get('/admin/login');
    assert.equal(before.status, 200);
    // Plant a session id before login (session fixation): it must not survive the login.
    await agent.post('/admin/login').field('email', 'nobody@demo.test').field('password', 'x');
    const planted = await portal.sequelize.query('select sid from sessions', { plain: false });
    const response = await agent.post('/admin/login').field('email', 'reseller-a@demo.test').field('password', 'portal-demo');
    assert.equal(response.status, 302);
    const cookie = String(response.headers['set-cookie']);
    assert.match(cookie, /portal\.sid=/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    const sid = decodeURIComponent(/portal\.sid=([^;]+)/.exec(cookie)![1]).slice(2).split('.')[0];
    const [rows] = await portal.sequelize.query('select sid, sess from sessions where sid = :sid', { replacements: { sid } });
    assert.equal(rows.length, 1, 'the session is stored in the sessions table');
    assert.ok(!(planted[0] as Array<{ sid: string }>).some((r) => r.sid === sid), 'the session id is new');
  });

  it('records a successful login in the audit trail, with the organization and view it starts in; a failed one leaves no trace', async () => {
    const last = Number(await AuditEvent.max('id') ?? 0);
    const since = () => AuditEvent.findAll({ where: { id: { [Op.gt]: last } }, order: [['id', 'ASC']] });
    await supertest(app).post('/admin/login').field('email', 'reseller-a@demo.test').field('password', 'wrong-password');
    await supertest(app).post('/admin/login').field('email', 'stranger@example.test').field('password', 'x');
    assert.deepEqual(await since(), [], 'no entry, so no attempted e-mail either');

    await login(app, 'reseller-a@demo.test');
    const user = (await User.findOne({ where: { email: 'reseller-a@demo.test' } }))!;
    const [first] = await availableContexts(portal.sequelize, user.id);
    assert.deepEqual((await since()).map((e) => [e.userId, e.organizationId, e.action, e.resource, e.recordId, e.details]),
      [[user.id, first.organizationId, 'users.login', 'users', String(user.id), { view: first.view }]]);
  });
});
