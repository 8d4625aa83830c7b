/**
 * Body limits before authentication, against the real panel over HTTP: JSON and urlencoded bodies
 * up to 1 MB everywhere under /admin and /register, files only on the logo upload (1 MB) and the
 * ERP import (20 MB) and only after login, 413 with a message beyond a limit — measured while the
 * body streams in — and the private upload folder empty after every request, refused or not.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import supertest from 'supertest';
import { login, startTestPanel, type Agent, type TestPanel } from './support/portal.ts';
import { png } from './support/png.ts';
import { Organization } from '../models/index.ts';

const MB = 1024 * 1024;
const LOGO = (id: number) => `/admin/api/resources/organizations/records/${id}/uploadLogo`;
const IMPORT = '/admin/api/resources/organizations/actions/import';

/** Resolves when check() holds, polling every 20 ms; fails after the deadline. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`not within ${timeoutMs} ms: ${what}`);
}

describe('body limits and the upload folder', () => {
  let portal: TestPanel;
  let server: http.Server;
  let port: number;
  let vendor: Agent;
  let resellerA: number;
  let uploads: string;
  const uploadFolderEmpty = () => eventually(`the upload folder ${uploads} is empty`, async () => (await fs.readdir(uploads)).length === 0);

  before(async () => {
    portal = await startTestPanel();
    uploads = path.join(portal.dataDir, 'uploads');
    server = portal.panel.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
    vendor = await login(portal.panel.app, 'vendor@demo.test');
    resellerA = (await Organization.findOne({ where: { ref: 'reseller-a' } }))!.id;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await portal.close();
  });

  it('keeps the upload folder private (0700)', async () => {
    assert.equal((await fs.stat(uploads)).mode & 0o777, 0o700);
  });

  it('refuses a JSON or urlencoded body over 1 MB with 413 before login, at /admin/login and /register', async () => {
    const json = JSON.stringify({ email: 'vendor@demo.test', password: 'x'.repeat(2 * MB) });
    const form = `email=vendor%40demo.test&password=${'x'.repeat(2 * MB)}`;
    for (const url of ['/admin/login', '/register', '/admin/api/resources/organizations/actions/list']) {
      for (const [type, body] of [['application/json', json], ['application/x-www-form-urlencoded', form]]) {
        const response = await supertest(portal.panel.app).post(url).set('Content-Type', type).send(body);
        assert.equal(response.status, 413, `${type} to ${url}`);
        assert.match(response.body.error, /zu groß: hier werden höchstens 1 MB angenommen/);
      }
    }
    // Just under the limit is read (and is only a wrong password).
    const fits = await supertest(portal.panel.app).post('/admin/login').type('form').send({ email: 'vendor@demo.test', password: 'x'.repeat(MB - 100) });
    assert.equal(fits.status, 200);
  });

  it('measures a body without a declared length while it streams: 413 before the client has finished sending', async () => {
    const request = http.request({ port, host: '127.0.0.1', method: 'POST', path: '/admin/login', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
    const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
      request.once('response', resolve);
      request.once('error', reject);
    });
    request.write('{"email": "vendor@demo.test", "password": "');
    // 1.1 MB sent, and the request is never ended: only a server that counts as it reads can answer.
    for (let i = 0; i < 11; i++) request.write('x'.repeat(100 * 1024));
    const timeout = setTimeout(() => request.destroy(new Error('no answer while the body was still streaming')), 10_000);
    try {
      const response = await answered;
      let text = '';
      for await (const chunk of response) text += chunk;
      assert.equal(response.statusCode, 413);
      assert.match(JSON.parse(text).error, /zu groß: hier werden höchstens 1 MB angenommen/);
    } finally {
      clearTimeout(timeout);
      request.destroy();
    }
  });

  it('refuses a file on a route that takes none (413), also at the login, and writes nothing', async () => {
    const name = (await Organization.findByPk(resellerA))!.name;
    const edit = await vendor.post(`/admin/api/resources/organizations/records/${resellerA}/edit`)
      .field('name', 'Renamed').attach('notes', Buffer.from('a file'), 'notes.txt');
    assert.equal(edit.status, 413);
    assert.match(edit.body.error, /nimmt keine Dateien an/);
    const atLogin = await supertest(portal.panel.app).post('/admin/login')
      .field('email', 'vendor@demo.test').attach('password', Buffer.alloc(64 * 1024), 'x.bin');
    assert.equal(atLogin.status, 413);
    // A multipart form's text fields over 1 MB on a route without files.
    const fields = await vendor.post(`/admin/api/resources/organizations/records/${resellerA}/edit`).field('name', 'x'.repeat(2 * MB));
    assert.equal(fields.status, 413);
    assert.match(fields.body.error, /zu groß: hier werden höchstens 1 MB angenommen/);
    assert.equal((await Organization.findByPk(resellerA))!.name, name);
    await uploadFolderEmpty();
  });

  it('refuses a file before login (401) without a file left, and an octet-stream body anywhere (415)', async () => {
    const anonymous = await supertest(portal.panel.app).post(LOGO(resellerA)).attach('logo', png(200, 200), 'logo.png');
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.body.error, /Melden Sie sich an, bevor Sie eine Datei hochladen/);
    const octet = await vendor.post(IMPORT).set('Content-Type', 'application/octet-stream').send(Buffer.from('{}'));
    assert.equal(octet.status, 415);
    const wrongField = await vendor.post(LOGO(resellerA)).attach('document', png(200, 200), 'logo.png');
    assert.equal(wrongField.status, 400);
    assert.match(wrongField.body.error, /Feld „logo“/);
    assert.equal((await Organization.findByPk(resellerA))!.logo, null);
    await uploadFolderEmpty();
  });

  it('refuses a 2 MB logo and a 1.5 MB one (counted while it is written) with 413, nothing kept', async () => {
    const big = Buffer.concat([png(200, 200), Buffer.alloc(2 * MB)]);
    const declared = await vendor.post(LOGO(resellerA)).attach('logo', big, 'logo.png');
    assert.equal(declared.status, 413);
    assert.match(declared.body.error, /ein Logo darf höchstens 1 MB haben/);
    const streamed = await vendor.post(LOGO(resellerA)).attach('logo', big.subarray(0, 1.5 * MB), 'logo.png');
    assert.equal(streamed.status, 413);
    assert.equal(streamed.body.error, 'Ein Logo darf höchstens 1 MB haben.');
    assert.equal((await Organization.findByPk(resellerA))!.logo, null);
    await uploadFolderEmpty();
  });

  it('refuses a 21 MB ERP document with 413, nothing imported or kept', async () => {
    const document = Buffer.from(`{"organizations": []${' '.repeat(21 * MB)}}`);
    const response = await vendor.post(IMPORT).attach('document', document, 'erp.json');
    assert.equal(response.status, 413);
    assert.match(response.body.error, /ein ERP-Dokument darf höchstens 20 MB haben/);
    await uploadFolderEmpty();
  });

  it('takes a valid logo and a valid ERP document file, and keeps neither file', async () => {
    const logo = png(300, 150);
    const saved = await vendor.post(LOGO(resellerA)).attach('logo', logo, 'logo.png');
    assert.equal(saved.body.notice?.type, 'success', JSON.stringify(saved.body));
    assert.ok((await Organization.findByPk(resellerA))!.logo!.equals(logo));
    await uploadFolderEmpty();
    const document = JSON.stringify({ organizations: [{ ref: 'erp-limits', name: 'Limits GmbH', views: ['customer'], parent: 'reseller-a', customerNumber: 'ERP-K-95001' }] });
    const imported = await vendor.post(IMPORT).attach('document', Buffer.from(document), 'erp.json');
    assert.equal(imported.body.notice?.type, 'success', JSON.stringify(imported.body));
    assert.equal(await Organization.count({ where: { ref: 'erp-limits' } }), 1);
    await uploadFolderEmpty();
  });

  it('removes the file of an upload whose connection closes half-way', async () => {
    const loggedIn = await supertest(portal.panel.app).post('/admin/login').type('form').send({ email: 'vendor@demo.test', password: 'portal-demo' });
    assert.equal(loggedIn.status, 302);
    const cookie = String(loggedIn.headers['set-cookie']).split(';')[0];
    const boundary = 'portal-test-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="erp.json"\r\nContent-Type: application/json\r\n\r\n`;
    const request = http.request({
      port, host: '127.0.0.1', method: 'POST', path: IMPORT,
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(5 * MB) },
    });
    request.on('error', () => undefined);
    request.write(head);
    request.write(' '.repeat(MB));
    // The file is being written: the half-sent upload exists in the folder, then the client goes away.
    await eventually('the upload has begun', async () => (await fs.readdir(uploads)).length === 1);
    request.destroy();
    await uploadFolderEmpty();
  });
});
