/**
 * The panel in a real browser (Debian's chromium via playwright-core): login, sidebar, switcher, ERP
 * import, the action buttons, logout, and on every page: no request to another origin, no
 * Content-Security-Policy violation, no script from tenant text.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { recordViolations, servePanel, type ServedPanel } from './support/browser.ts';
import { startTestPanel, login, type TestPanel } from './support/portal.ts';
import type { Panel } from '../admin/panel.ts';
import { AuditEvent, License, OfferRequest, Organization, User } from '../models/index.ts';
import { issueStatements } from '../services/statements/issue-period.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/erp-demo.json', import.meta.url));
const XSS = 'X</script><script>alert(1)</script>';

/** A browser context whose every request, policy violation and dialog is recorded. */
interface Watched {
  context: BrowserContext;
  page: Page;
  requests: string[];
  violations: string[];
  dialogs: string[];
  /** What a prompt() is answered with (null: dismissed). */
  answer: string | null;
}

describe('panel in a browser', () => {
  let portal: TestPanel;
  let panel: Panel;
  let served: ServedPanel;
  let browser: Browser;
  let base: string;
  const opened: Watched[] = [];

  before(async () => {
    portal = await startTestPanel({ salesEmail: 'sales@browser.test' });
    panel = portal.panel;
    await issueStatements(portal, { period: '2026-01', trigger: 'cli', now: new Date('2026-02-01T05:00:00Z') });
    // The assertions read the English texts; the German panel and the switch between them have their own test.
    await User.update({ locale: 'en' }, { where: {} });
    served = await servePanel(portal);
    ({ base, browser } = served);
  });
  after(async () => {
    await served.close();
  });

  // Whatever a test did: nothing left the server and the policy blocked nothing the UI needed.
  afterEach(async () => {
    for (const watched of opened.splice(0)) {
      const foreign = watched.requests.filter((url) => new URL(url).origin !== base);
      assert.deepEqual(foreign, [], 'no request to another origin');
      assert.deepEqual(watched.violations, [], 'no Content-Security-Policy violation');
      assert.deepEqual(watched.dialogs.filter((d) => d.startsWith('alert')), [], 'no alert');
      await watched.context.close();
    }
  });

  async function open(): Promise<Watched> {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const watched: Watched = { context, page: undefined as unknown as Page, requests: [], violations: [], dialogs: [], answer: null };
    context.on('request', (request) => watched.requests.push(request.url()));
    await recordViolations(context, watched.violations, { where: true });
    watched.page = await context.newPage();
    watched.page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) watched.violations.push(message.text());
    });
    watched.page.on('dialog', (dialog) => {
      watched.dialogs.push(`${dialog.type()} ${dialog.message()}`);
      void (dialog.type() === 'prompt' && watched.answer !== null ? dialog.accept(watched.answer) : dialog.dismiss());
    });
    opened.push(watched);
    return watched;
  }

  async function loggedIn(email: string): Promise<Watched> {
    const watched = await open();
    const { page } = watched;
    await page.goto(`${base}/admin/login`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', 'portal-demo');
    await page.getByRole('button', { name: /log ?in/i }).click();
    await page.waitForURL(`${base}/admin`);
    return watched;
  }

  /** Opens a row's action menu in a list and clicks the action. */
  async function rowAction(page: Page, rowText: string, action: string): Promise<void> {
    const row = page.locator('tr', { hasText: rowText });
    await row.locator('[data-testid="actions-dropdown"]').hover();
    await row.locator(`[data-testid="action-${action}"]`).click();
  }

  it('the login page and the panel send the security headers, and the font is the panel\'s own', async () => {
    const { page, requests } = await open();
    const response = (await page.goto(`${base}/admin/login`))!;
    const headers = response.headers();
    const csp = headers['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /default-src 'self'/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['referrer-policy'], 'same-origin');
    assert.equal(headers['strict-transport-security'], undefined, 'no HSTS over plain http');
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.ok(scripts.length > 0);
    for (const tag of scripts) assert.match(tag, / src="\/| type="application\/json"/, `no inline script: ${tag}`);
    assert.doesNotMatch(html, /googleapis|gstatic/);
    await page.getByRole('button', { name: /log ?in/i }).waitFor();
    await page.waitForFunction(() => document.fonts.check('16px Roboto'));
    assert.ok(requests.some((url) => /\/portal-assets\/fonts\/roboto\/files\/roboto-latin-\d+-normal\.woff2$/.test(url)), 'Roboto from the panel');
  });

  it('the sidebar shows a customer only what its view may read', async () => {
    const { page } = await loggedIn('customer-admin@demo.test');
    const start = page.locator('#portal-dashboard');
    await start.waitFor();
    const startText = await start.textContent() ?? '';
    assert.match(startText, /You act as Musterfirma KG – view Customer, role Admin/);
    assert.match(startText, /Reseller A GmbH: support@reseller-a\.demo\.test/, 'the customer sees its partner\'s support contact');
    assert.doesNotMatch(startText, /Subscriptions|Statements/);
    for (const group of ['Licensing', 'Catalog', 'Sales channel']) await page.getByText(group, { exact: true }).click();
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
    const { page } = await loggedIn('reseller-a@demo.test');
    const switcher = page.locator('#portal-context select');
    await switcher.waitFor();
    const customer = await Organization.findOne({ where: { ref: 'customer-a1' } });
    await switcher.selectOption(`${customer!.id}:customer`);
    await page.waitForSelector('text=Musterfirma KG · Customer');
    await page.goto(`${base}/admin/resources/licenses`);
    await page.waitForSelector('text=LIC-A1-SUB');
    assert.equal(await page.locator('text=LIC-A2-SUB').count(), 0);
    assert.equal(await page.locator('a[href="/admin/resources/subscriptions"]').count(), 0);
  });

  it('vendor staff see the organizations, switch, and import an ERP document from the organizations screen', async () => {
    const { page } = await loggedIn('vendor@demo.test');
    await page.locator('#portal-context select').waitFor();
    await page.goto(`${base}/admin/resources/organizations`);
    await page.waitForSelector('text=Reseller B Ltd');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.locator('a[href$="/resources/organizations/actions/import"], [data-testid="action-import"]').first().click(),
    ]);
    await chooser.setFiles(FIXTURE);
    const result = page.locator('#portal-notice');
    await result.waitFor();
    assert.match(await result.textContent() ?? '', /Imported/);
    assert.ok(await Organization.findOne({ where: { ref: 'erp-reseller-nord' } }), 'the imported reseller exists');
    const reseller = (await Organization.findOne({ where: { ref: 'reseller-a' } }))!;
    await page.locator('#portal-context select').selectOption(`${reseller.id}:reseller`);
    await page.waitForSelector('text=Reseller A GmbH · Reseller');
  });

  it('an organization named like a script is shown as text and runs nothing', async () => {
    const customer = (await Organization.findOne({ where: { ref: 'customer-a1' } }))!;
    const admin = await login(panel.app, 'customer-admin@demo.test');
    const renamed = await admin.post(`/admin/api/resources/organizations/records/${customer.id}/edit`).send({ name: XSS });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    try {
      const { page, dialogs } = await loggedIn('reseller-a@demo.test');
      const switcher = page.locator('#portal-context select');
      await switcher.waitFor();
      await switcher.selectOption(`${customer.id}:customer`);
      await page.getByText(`${XSS} · Customer`, { exact: true }).waitFor();
      const html = await (await page.goto(`${base}/admin`))!.text();
      assert.ok(!html.includes(XSS), 'the raw name is not in the page');
      assert.ok(html.includes('X\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e'), 'it travels escaped');
      await page.getByText(`${XSS} · Customer`, { exact: true }).waitFor();
      assert.equal(await page.evaluate(() => (window as unknown as { REDUX_STATE: { session: { title: string } } }).REDUX_STATE.session.title), `${XSS} · Customer`);
      await page.goto(`${base}/admin/resources/licenses`);
      await page.waitForSelector('text=LIC-A1-SUB');
      assert.deepEqual(dialogs, [], 'no script from the name ran');
    } finally {
      await customer.update({ name: 'Musterfirma KG' });
    }
  });

  it('the action buttons post: a customer admin activates a license (asked for the device)', async () => {
    const watched = await loggedIn('customer-admin@demo.test');
    const { page } = watched;
    watched.answer = 'OFFICE-PC-9';
    const posted: string[] = [];
    page.on('request', (request) => { if (request.url().includes('/activate')) posted.push(request.method()); });
    await page.goto(`${base}/admin/resources/licenses`);
    await page.waitForSelector('text=LIC-A1-SUB');
    await rowAction(page, 'LIC-A1-SUB', 'activate');
    await page.locator('tr', { hasText: 'LIC-A1-SUB' }).getByText('OFFICE-PC-9').waitFor();
    const license = (await License.findOne({ where: { licenseKey: 'LIC-A1-SUB' } }))!;
    assert.deepEqual([license.status, license.device], ['active', 'OFFICE-PC-9']);
    assert.deepEqual(posted, ['POST']);
    assert.deepEqual(watched.dialogs, ['prompt Device to activate the license on:']);
    // A refusal is shown, and changes nothing: the key is active already.
    await rowAction(page, 'LIC-A1-SUB', 'activate');
    await page.locator('#portal-notice').waitFor();
    assert.match(await page.locator('#portal-notice').textContent() ?? '', /Nothing was changed: .*already active/);
  });

  it('a customer admin requests a service offer from the license list (asked for the message)', async () => {
    const watched = await loggedIn('customer-admin@demo.test');
    const { page } = watched;
    watched.answer = 'Bitte ein Angebot für 5 weitere Plätze.';
    await page.goto(`${base}/admin/resources/licenses`);
    await page.waitForSelector('text=LIC-A1-DEMO');
    await rowAction(page, 'LIC-A1-DEMO', 'requestOffer');
    await page.getByText(/Offer request #\d+ sent to vendor sales/).waitFor();
    const offer = (await OfferRequest.findOne({ order: [['id', 'DESC']] }))!;
    assert.equal(offer.message, 'Bitte ein Angebot für 5 weitere Plätze.');
    assert.equal(offer.mailedTo, 'sales@browser.test');
    assert.deepEqual(watched.dialogs, ['prompt What should the non-binding service offer cover? (sent to vendor sales)']);
  });

  it('the action buttons post: vendor staff resend a statement (after the confirmation)', async () => {
    const { page } = await loggedIn('vendor@demo.test');
    await page.goto(`${base}/admin/resources/statements`);
    await page.waitForSelector('text=Reseller A GmbH');
    await rowAction(page, 'Reseller A GmbH', 'resend');
    // The question in the user's language (templates/panel-en.ts `questions`).
    await page.getByText('Send this statement again to the reseller\'s current billing address?').waitFor();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(/The statement is queued|no billing address/).waitFor();
    assert.equal(await AuditEvent.count({ where: { action: 'statements.resend' } }), 1);
  });

  it('a German user reads the panel in German and switches to English in the top bar', async () => {
    await User.update({ locale: 'de' }, { where: { email: 'reseller-a@demo.test' } });
    try {
      const { page } = await loggedIn('reseller-a@demo.test');
      assert.match(await page.locator('#portal-dashboard').textContent() ?? '', /Sie handeln für Reseller A GmbH – Sicht Händler, Rolle Administrator/);
      await page.getByText('Abrechnung', { exact: true }).click();
      await page.goto(`${base}/admin/resources/statements`);
      await page.getByRole('heading', { name: 'Abrechnungen' }).waitFor();
      assert.equal(await page.title(), 'Abrechnungen – Channel License Portal');
      // The switch stores the language, then reloads the page: wait for the stored answer and for
      // the reloaded page's language, each with a deadline, before reading its texts.
      const [stored] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${base}/admin/account/locale` && r.request().method() === 'POST', { timeout: 15_000 }),
        page.locator('#portal-language select').selectOption('en'),
      ]);
      assert.equal(stored.status(), 200, 'the language is stored (the reload has already dropped the body)');
      await page.waitForFunction(() => document.documentElement.lang === 'en', undefined, { timeout: 15_000 });
      await page.getByRole('heading', { name: 'Statements' }).waitFor({ timeout: 15_000 });
      assert.equal((await User.findOne({ where: { email: 'reseller-a@demo.test' } }))!.locale, 'en');
    } finally {
      await User.update({ locale: 'en' }, { where: { email: 'reseller-a@demo.test' } });
    }
  });

  it('logout from the user menu is a POST and ends the session', async () => {
    const { page } = await loggedIn('reseller-a@demo.test');
    await page.locator('[data-css="logged-in"]').hover();
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url() === `${base}/admin/logout`),
      page.locator('[data-css="logged-in"] a').first().click(),
    ]);
    assert.equal(request.method(), 'POST');
    await page.waitForURL(`${base}/admin/login`);
    await page.goto(`${base}/admin/resources/licenses`);
    await page.waitForURL(`${base}/admin/login`);
  });
});
