/** The panel in a real browser (Debian's chromium via playwright-core): login, sidebar, switcher, ERP import. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestPanel, freePort, type TestPanel } from './support/portal.ts';
import type { Panel } from '../admin/panel.ts';
import { Organization } from '../models/index.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/erp-demo.json', import.meta.url));

describe('panel in a browser', () => {
  let portal: TestPanel;
  let panel: Panel;
  let server: Server;
  let browser: Browser;
  let base: string;

  before(async () => {
    portal = await startTestPanel();
    panel = portal.panel;
    const port = await freePort();
    server = panel.app.listen(port);
    base = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  after(async () => {
    await browser.close();
    server.close();
    await portal.close();
  });

  async function loggedIn(email: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    await page.goto(`${base}/admin/login`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', 'portal-demo');
    await page.getByRole('button', { name: /log ?in/i }).click();
    await page.waitForURL(`${base}/admin`);
    return page;
  }

  it('the sidebar shows a customer only what its view may read', async () => {
    const page = await loggedIn('customer-admin@demo.test');
    const start = page.locator('#portal-dashboard');
    await start.waitFor();
    const startText = await start.textContent() ?? '';
    assert.match(startText, /You act as Musterfirma KG — view customer, role admin/);
    assert.match(startText, /Reseller A GmbH: support@reseller-a\.demo\.test/, 'the customer sees its partner\'s support contact');
    assert.doesNotMatch(startText, /Subscriptions|Statements/);
    for (const group of ['Licensing', 'Catalog', 'Channel']) await page.getByText(group, { exact: true }).click();
    await page.waitForSelector('a[href="/admin/resources/licenses"]');
    await page.waitForSelector('a[href="/admin/resources/articles"]');
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/customer-sidebar.png` });
    assert.equal(await page.locator('a[href="/admin/resources/subscriptions"]').count(), 0);
    assert.equal(await page.locator('a[href="/admin/resources/statements"]').count(), 0);
    await page.goto(`${base}/admin/resources/articles`);
    await page.waitForSelector('text=OFF-SUB-M');
    assert.doesNotMatch(await page.content(), /14900|1490/);
  });

  it('the switcher changes organization and view without a new login', async () => {
    const page = await loggedIn('reseller-a@demo.test');
    const switcher = page.locator('#portal-context select');
    await switcher.waitFor();
    const customer = await Organization.findOne({ where: { ref: 'customer-a1' } });
    await switcher.selectOption(`${customer!.id}:customer`);
    await page.waitForSelector('text=Musterfirma KG · customer');
    await page.goto(`${base}/admin/resources/licenses`);
    await page.waitForSelector('text=LIC-A1-SUB');
    assert.equal(await page.locator('text=LIC-A2-SUB').count(), 0);
    assert.equal(await page.locator('a[href="/admin/resources/subscriptions"]').count(), 0);
  });

  it('vendor staff import an ERP document from the organizations screen', async () => {
    const page = await loggedIn('vendor@demo.test');
    await page.goto(`${base}/admin/resources/organizations`);
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.locator('a[href$="/resources/organizations/actions/import"], [data-testid="action-import"]').first().click(),
    ]);
    await chooser.setFiles(FIXTURE);
    const result = page.locator('#portal-file-result');
    await result.waitFor();
    assert.match(await result.textContent() ?? '', /Imported/);
    assert.ok(await Organization.findOne({ where: { ref: 'erp-reseller-nord' } }), 'the imported reseller exists');
  });
});
