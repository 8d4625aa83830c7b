/**
 * The product end to end in headless Chromium (Debian's chromium via playwright-core) on the demo
 * (master data and the demo's activity): every demo role logs in and finds its start page; vendor
 * staff read a statement's mail before resending it, switch organization and language; reseller A
 * creates a customer and a license in the forms, switches view, opens a statement's preview and
 * downloads its PDF; the DPO carries out the open erasure request; and on every screen axe-core
 * finds no serious or critical violation, the keyboard reaches the controls, no request leaves the
 * site and the Content-Security-Policy blocks nothing. Screenshots go to docs/screenshots/ (the README
 * shows them) when SCREENSHOTS=1.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { recordViolations, servePanel, type ServedPanel } from './support/browser.ts';
import { startTestPanel, type TestPanel } from './support/portal.ts';
import { describeViolations, seriousViolations } from './support/axe.ts';
import { walkKeyboard } from './support/keyboard.ts';
import { loadDemo } from '../services/demo-activity.ts';
import { ErasureCertificate, ErasureRequest, License, Organization, StatementRecord, User } from '../models/index.ts';
import { formatMoney, formatPeriodLong } from '../templates/formats.ts';

const SHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const NOW = new Date();

describe('walk-through in a browser', () => {
  let portal: TestPanel;
  let served: ServedPanel;
  let browser: Browser;
  let base: string;
  const contexts: Array<{ context: BrowserContext; foreign: string[]; violations: string[] }> = [];

  before(async () => {
    portal = await startTestPanel({}, { demo: false });
    await loadDemo(portal, NOW);
    served = await servePanel(portal);
    ({ base, browser } = served);
  });
  after(async () => {
    await served.close();
  });
  afterEach(async () => {
    for (const { context, foreign, violations } of contexts.splice(0)) {
      assert.deepEqual(foreign, [], 'no request to another origin');
      assert.deepEqual(violations, [], 'no Content-Security-Policy violation');
      await context.close();
    }
  });

  async function open(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', acceptDownloads: true });
    const watched = { context, foreign: [] as string[], violations: [] as string[] };
    // Network requests only: Chromium's built-in PDF viewer (a statement's preview) loads its own
    // chrome:// and chrome-extension:// pages, which never leave the machine.
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (/^(https?|wss?):$/.test(url.protocol) && url.origin !== base) watched.foreign.push(request.url());
    });
    await recordViolations(context, watched.violations);
    contexts.push(watched);
    return context.newPage();
  }

  /** axe-core and the keyboard on the screen as it is, and a screenshot of it when asked for. */
  async function screen(page: Page, name: string): Promise<void> {
    const violations = await seriousViolations(page);
    assert.deepEqual(violations, [], `${name}:\n${describeViolations(violations)}`);
    // Every control on the screen is reached by Tab and has a name (test/support/keyboard.ts).
    const { problems } = await walkKeyboard(page);
    assert.deepEqual(problems, [], `${name}: the keyboard`);
    if (process.env.SCREENSHOTS) {
      await fs.mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    }
  }

  async function logIn(page: Page, email: string): Promise<void> {
    await page.goto(`${base}/admin/login`);
    const button = page.getByRole('button', { name: /log ?in|anmelden/i });
    await button.waitFor();
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', 'portal-demo');
    await button.click();
    await page.waitForURL(`${base}/admin`);
    await page.locator('#portal-dashboard[data-state="done"]').waitFor();
  }

  /** A list screen loaded: its rows, or its empty notice. */
  async function list(page: Page, resource: string, rowText: string): Promise<void> {
    await page.goto(`${base}/admin/resources/${resource}`);
    await page.locator('tr', { hasText: rowText }).first().waitFor();
  }

  /** A select (react-select) by typing: the first option that matches, taken with Enter. */
  async function pickOption(page: Page, property: string, search: string, shown: RegExp): Promise<void> {
    const field = page.locator(`[data-testid="property-edit-${property}"]`);
    const input = field.locator('input[role="combobox"]').first();
    await input.click();
    await input.pressSequentially(search);
    await page.locator('[class*="-option"]', { hasText: shown }).first().waitFor();
    await page.keyboard.press('Enter');
    await field.getByText(shown).first().waitFor();
  }

  /**
   * The text of the PDF a preview dialog shows: its bytes fetched by the page itself (its session,
   * the frame's address), read by pdftotext.
   */
  async function previewText(page: Page): Promise<string> {
    const src = await page.getByRole('dialog').locator('iframe').getAttribute('src');
    assert.ok(src, 'the dialog frames a file');
    const base64 = await page.evaluate(async (address) => {
      const response = await fetch(address, { credentials: 'same-origin' });
      if (!response.ok || response.headers.get('content-type') !== 'application/pdf') throw new Error(`${address}: ${response.status} ${response.headers.get('content-type')}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    }, src);
    return execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(base64, 'base64'), encoding: 'utf8' });
  }

  it('the login page in the browser\'s language', async () => {
    const page = await open();
    await page.goto(`${base}/admin/login`);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await screen(page, 'login');
  });

  it('vendor staff: the start page with the channel\'s months, a statement\'s mail before it goes, another organization, English', async () => {
    const page = await open();
    await logIn(page, 'vendor@demo.test');
    const start = page.locator('#portal-dashboard');
    assert.match(await start.textContent() ?? '', /Abrechnungssummen je Monat und Händler \(EUR\)/);
    assert.equal(await start.locator('svg[role="img"]').count(), 2, 'two bar charts: subscriptions and statement totals');
    await screen(page, 'vendor-dashboard');

    await list(page, 'organizations', 'Reseller A GmbH');
    await screen(page, 'vendor-organizations');

    const statement = (await StatementRecord.findOne({ where: { resellerRef: 'reseller-a' }, order: [['period', 'DESC']] }))!;
    await list(page, 'statements', 'Reseller A GmbH');
    await screen(page, 'vendor-statements');
    const row = page.locator(`tr[data-id="${statement.id}"]`);
    await row.locator('[data-testid="actions-dropdown"]').hover();
    await row.locator('[data-testid="action-previewMail"]').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // The mail as it would go: to reseller A's billing address, with the statement's PDF and CSV.
    const mail = await dialog.textContent() ?? '';
    assert.match(mail, /Einzelkostenaufstellung .* – Reseller A GmbH/);
    assert.ok(mail.includes('billing@reseller-a.demo.test'), mail);
    assert.match(mail, new RegExp(`statement-reseller-a-${statement.period}\\.pdf, statement-reseller-a-${statement.period}\\.csv`));
    await screen(page, 'vendor-mail-preview');
    // A modal dialog: focus starts inside and Tab wraps round inside it, the page behind is inert,
    // Escape closes it and focus goes back to the action that opened it.
    for (let press = 0; press < 4; press++) {
      assert.equal(await page.evaluate(() => Boolean(document.activeElement?.closest('#portal-preview'))), true, `focus inside after ${press} Tab`);
      await page.keyboard.press('Tab');
    }
    assert.equal(await page.locator('#app').evaluate((app) => (app as HTMLElement).inert), true, 'the page behind is inert');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'action-previewMail', null, { timeout: 10_000 });
    assert.equal(await page.locator('#app').evaluate((app) => (app as HTMLElement).inert), false);

    const reseller = (await Organization.findOne({ where: { ref: 'reseller-a' } }))!;
    await page.locator('#portal-context select').selectOption(`${reseller.id}:reseller`);
    await page.waitForSelector('text=Reseller A GmbH · Händler');
    await page.locator('#portal-dashboard[data-state="done"]').waitFor();
    await page.locator('#portal-language select').selectOption('en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.locator('#portal-dashboard[data-state="done"]', { hasText: 'Overview' }).waitFor();
    assert.match(await page.locator('#portal-dashboard').textContent() ?? '', /You act as Reseller A GmbH – view Reseller/);
    await User.update({ locale: 'de' }, { where: { email: 'vendor@demo.test' } });
  });

  it('reseller A creates a customer and a license for it, switches view, previews and downloads a statement', async () => {
    const page = await open();
    await logIn(page, 'reseller-a@demo.test');
    assert.match(await page.locator('#portal-dashboard').textContent() ?? '', /Laufende Abonnements/);
    await screen(page, 'reseller-dashboard');

    await page.goto(`${base}/admin/resources/organizations/actions/new`);
    await page.fill('input[name="name"]', 'Walkthrough Kunde GmbH');
    await page.fill('input[name="street"]', 'Hauptstraße 1');
    await page.fill('input[name="zip"]', '34117');
    await page.fill('input[name="city"]', 'Kassel');
    // A reseller makes only customers, below itself: the form does not ask for views or parent.
    assert.equal(await page.locator('[data-testid="property-edit-views"], [data-testid="property-edit-parentId"]').count(), 0);
    await screen(page, 'reseller-new-customer');
    await page.locator('button[type="submit"], [data-testid="button-save"]').first().click();
    // AdminJS goes back to the list after a creation.
    await page.locator('tr', { hasText: 'Walkthrough Kunde GmbH' }).first().waitFor();
    const customer = (await Organization.findOne({ where: { name: 'Walkthrough Kunde GmbH' } }))!;
    const resellerA = (await Organization.findOne({ where: { ref: 'reseller-a' } }))!;
    assert.deepEqual([customer.views, customer.parentId], [['customer'], resellerA.id]);

    await page.goto(`${base}/admin/resources/licenses/actions/new`);
    await pickOption(page, 'organizationId', 'Walkthrough', /Walkthrough Kunde GmbH/);
    await pickOption(page, 'articleId', 'perpetual', /Endpoint Security perpetual/);
    await page.fill('input[name="seats"]', '3');
    await page.locator('button[type="submit"], [data-testid="button-save"]').first().click();
    await page.waitForURL(/\/admin\/resources\/licenses(\?|$)/);
    // Besides the two Office Suite trials the new customer received (services/customer-trials.ts).
    const license = (await License.findOne({ where: { organizationId: customer.id, kind: 'full' } }))!;
    assert.deepEqual([license.seats, license.status], [3, 'inactive']);
    assert.equal(await License.count({ where: { organizationId: customer.id, kind: 'demo' } }), 2);
    await list(page, 'licenses', license.licenseKey);
    await screen(page, 'reseller-licenses');

    await page.goto(`${base}/admin/resources/licenses/records/${license.id}/show`);
    await page.getByText(license.licenseKey).first().waitFor();
    await screen(page, 'reseller-license');

    // Reseller A is a service provider too: the same organization in its other view.
    await page.locator('#portal-context select').selectOption(`${resellerA.id}:service_provider`);
    await page.waitForSelector('text=Reseller A GmbH · Dienstleister');
    await page.locator('#portal-context select').selectOption(`${resellerA.id}:reseller`);
    await page.waitForSelector('text=Reseller A GmbH · Händler');

    const statement = (await StatementRecord.findOne({ where: { resellerRef: 'reseller-a' }, order: [['period', 'DESC']] }))!;
    await list(page, 'statements', 'Reseller A GmbH');
    const row = page.locator(`tr[data-id="${statement.id}"]`);
    await row.locator('[data-testid="actions-dropdown"]').hover();
    await row.locator('[data-testid="action-previewPdf"]').click();
    const frame = page.getByRole('dialog').locator('iframe');
    await frame.waitFor();
    assert.equal(await frame.getAttribute('src'), `/admin/statements/${statement.id}/preview`);
    // What the frame shows is this statement: its reseller, its month and its total.
    const shown = await previewText(page);
    assert.match(shown, /Reseller A GmbH/);
    assert.ok(shown.includes(formatPeriodLong(statement.period, statement.locale)), `the period ${statement.period}`);
    assert.ok(shown.includes(formatMoney(Number(statement.totalCents), statement.currency, statement.locale)), `the total ${statement.totalCents}`);
    await screen(page, 'reseller-statement-preview');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('dialog').getByRole('link', { name: 'Herunterladen' }).click()]);
    const file = path.join(portal.dataDir, download.suggestedFilename());
    await download.saveAs(file);
    assert.match(download.suggestedFilename(), /^statement-reseller-a-\d{4}-\d{2}\.pdf$/);
    assert.match(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }), /Reseller A GmbH/);
  });

  it('the customer admin: licenses by status and the partner\'s support contact', async () => {
    const page = await open();
    await logIn(page, 'customer-admin@demo.test');
    const start = page.locator('#portal-dashboard');
    assert.match(await start.textContent() ?? '', /Lizenzen nach Status/);
    assert.match(await start.textContent() ?? '', /Reseller A GmbH: support@reseller-a\.demo\.test/);
    await screen(page, 'customer-dashboard');
  });

  it('the DPO: the open request with its deadline, approved and carried out, its certificate; the account page; all by keyboard', async () => {
    const page = await open();
    await logIn(page, 'dpo@demo.test');
    assert.match(await page.locator('[data-card="open-erasures"]').textContent() ?? '', /user:customer-guest@demo\.test/);
    await screen(page, 'dpo-dashboard');

    const request = (await ErasureRequest.findOne({ where: { status: 'requested' } }))!;
    await list(page, 'erasure_requests', 'customer-guest@demo.test');
    await screen(page, 'dpo-erasure-requests');
    for (const action of ['approve', 'executeNow']) {
      const row = page.locator(`tr[data-id="${request.id}"]`);
      await row.locator('[data-testid="actions-dropdown"]').hover();
      await row.locator(`[data-testid="action-${action}"]`).click();
      if (action === 'executeNow') {
        // AdminJS's confirmation as a modal dialog: named, its question in German, focus on cancel.
        const confirmation = page.getByRole('dialog', { name: 'Bestätigen' });
        await confirmation.waitFor();
        assert.match(await confirmation.textContent() ?? '', /Den Betroffenen jetzt löschen\?/);
        await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Abbrechen', null, { timeout: 10_000 });
        await screen(page, 'dpo-erasure-confirmation');
        await confirmation.getByRole('button', { name: 'Bestätigen' }).click();
      }
      const deadline = Date.now() + 30_000;
      while ((await ErasureRequest.findByPk(request.id))!.status !== (action === 'approve' ? 'approved' : 'executed')) {
        assert.ok(Date.now() < deadline, `${action} within 30 s`);
        await page.waitForTimeout(200);
      }
    }
    assert.equal(await User.count({ where: { email: 'customer-guest@demo.test' } }), 0, 'the subject is erased');

    // The certificate the DPO previews is this request's: its number, the subject's hash and pseudonym.
    const certificate = (await ErasureCertificate.findOne({ where: { requestId: request.id } }))!;
    const row = page.locator(`tr[data-id="${request.id}"]`);
    await row.locator('[data-testid="actions-dropdown"]').hover();
    await row.locator('[data-testid="action-previewCertificate"]').click();
    await page.getByRole('dialog').locator('iframe').waitFor();
    const shown = await previewText(page);
    assert.match(shown, /Löschbestätigung \(Art\. 17 DSGVO\)/);
    assert.ok(shown.includes(`Löschantrag Nr. ${request.id}`), shown);
    assert.ok(shown.replace(/\s+/g, '').includes(certificate.subjectHash), 'the subject\'s hash');
    assert.ok(shown.includes(certificate.pseudonym), 'the pseudonym');
    await screen(page, 'dpo-certificate-preview');
    await page.keyboard.press('Escape');

    await page.goto(`${base}/admin/account`);
    await page.locator('input[name="currentPassword"]').first().waitFor();
    await screen(page, 'dpo-account');

    // On the list the keyboard reaches the top bar's switches, the sidebar, the list's controls and
    // each row's menu, and nothing of the closed filter. The request's label is pseudonymized now: the list by its row.
    await page.goto(`${base}/admin/resources/erasure_requests`);
    await page.locator(`tr[data-id="${request.id}"]`).waitFor();
    const { stops, problems } = await walkKeyboard(page);
    assert.deepEqual(problems, []);
    const all = stops.join('\n');
    assert.match(all, /^combobox "Organisation und Sicht"$/m, 'the organization switch');
    assert.match(all, /^combobox "Sprache"$/m, 'the language switch');
    assert.match(all, /^button "Navigation ein- oder ausblenden"$/m, 'the sidebar\'s toggle');
    assert.match(all, /^button "Datenschutz"$/m, 'the sidebar\'s group');
    // A sidebar group says whether it is open; Enter opens it.
    const group = page.locator('[data-css="sidebar-resources"] li > a', { hasText: 'Datenschutz' });
    assert.equal(await group.getAttribute('aria-expanded'), 'false');
    await group.focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-css="sidebar-resources"] li > a[aria-expanded="true"]', { hasText: 'Datenschutz' }).waitFor({ timeout: 10_000 });
    assert.match(all, /^link "Neu anlegen"$/m, 'the list\'s action');
    assert.match(all, /^link "Status"$/m, 'the column headings (sorting)');
    assert.match(all, /^button "Filter"$/m, 'the filter');
    // The row's menu opens while focus is on it: the next stop is one of its entries.
    assert.match(all, new RegExp(`^button "Aktionen: ${request.id}"\n(link|button) "(?!Aktionen|Auswählen)`, 'm'), 'the row\'s menu');
    assert.match(all, /^button "Abmelden"$/m, 'the user menu\'s logout');
    assert.doesNotMatch(all, /"(Von|Bis|Month)"$/m, 'not the closed filter\'s fields');

    // And Enter presses what Tab reaches: the filter opens, the user menu logs out.
    await page.getByRole('button', { name: 'Filter', exact: true }).focus();
    await page.keyboard.press('Enter');
    // The drawer slides in (closed, it waits off screen).
    await page.waitForFunction(() => [...document.querySelectorAll('.adminjs_Drawer')].some((drawer) => drawer.getBoundingClientRect().right <= window.innerWidth + 1));
    const userMenu = page.locator('[data-css="logged-in"] [role="button"]').first();
    assert.equal(await userMenu.getAttribute('aria-expanded'), 'false');
    await userMenu.focus();
    await page.locator('[data-css="logged-in"] a', { hasText: 'Abmelden' }).waitFor();
    assert.equal(await userMenu.getAttribute('aria-expanded'), 'true', 'the menu says it is open');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Abmelden');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/admin/login`);
  });
});
