/**
 * The panel speaks German to a German user everywhere, in headless Chromium (Debian's chromium via
 * playwright-core) on the demo: vendor staff, reseller A, the customer admin and the DPO each visit
 * their start page, every list their sidebar offers with its filter open, a record's page, a new and
 * an edit form, an empty list, a custom action's confirmation and a select's open menu, and
 * everything a person reads or hears there (texts, placeholders, names, titles, the page's title,
 * the live regions of the selects, a date picker's calendar, the notices) is checked against
 * AdminJS's English locale and react-select's and react-datepicker's English defaults
 * (test/support/english-defaults.ts). An English user keeps English.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { servePanel, type ServedPanel } from './support/browser.ts';
import { startTestPanel, type TestPanel } from './support/portal.ts';
import { englishDefaults, englishFound, READ_ON_PAGE } from './support/english-defaults.ts';
import { loadDemo } from '../services/demo-activity.ts';
import { ErasureRequest, License, Organization, StatementRecord, Subscription, Ticket } from '../models/index.ts';

const DEFAULTS = englishDefaults();
/** How long one screen may take to show what it loads: the polling loops' deadline. */
const SCREEN_MS = 30_000;

describe('the panel in German, in a browser', () => {
  let portal: TestPanel;
  let served: ServedPanel;
  let browser: Browser;
  let base: string;

  before(async () => {
    portal = await startTestPanel({}, { demo: false });
    await loadDemo(portal, new Date());
    served = await servePanel(portal);
    ({ base, browser } = served);
  });
  after(async () => {
    await served.close();
  });

  /** What was heard per screen, English defaults only. */
  class Listener {
    found: string[] = [];
    constructor(readonly page: Page) {}
    async read(screen: string): Promise<string[]> {
      const strings = await this.page.evaluate(READ_ON_PAGE) as string[];
      for (const hit of englishFound(strings, DEFAULTS)) this.found.push(`${screen}: ${hit}`);
      return strings;
    }
  }

  async function logIn(email: string): Promise<Listener> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(`${base}/admin/login`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', 'portal-demo');
    await page.getByRole('button', { name: /log ?in|anmelden/i }).click();
    await page.waitForURL(`${base}/admin`);
    await page.locator('#portal-dashboard[data-state="done"]').waitFor({ timeout: SCREEN_MS });
    return new Listener(page);
  }

  /** A list loaded: its rows or its empty notice. */
  async function listShown(page: Page): Promise<void> {
    await page.locator('table tbody tr, [data-css$="no-records"], .adminjs_InfoBox').first().waitFor({ timeout: SCREEN_MS });
  }

  /** The resources the sidebar offers, by their list addresses: every group opened. */
  async function sidebarResources(page: Page): Promise<string[]> {
    await page.evaluate(() => {
      for (const group of document.querySelectorAll<HTMLElement>('[data-css="sidebar-resources"] li > a:not([href])')) {
        if (!group.nextElementSibling) group.click();
      }
    });
    await page.locator('[data-css="sidebar-resources"] li > ul').first().waitFor({ timeout: SCREEN_MS });
    const hrefs = await page.locator('[data-css="sidebar"] a[href^="/admin/resources/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    return [...new Set(hrefs.map((href) => href.split('?')[0]!))];
  }

  /** The list's filter drawer, slid in (closed, it waits off screen). */
  async function openFilter(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('.adminjs_Drawer')].some((drawer) => drawer.getBoundingClientRect().right <= window.innerWidth + 1), null, { timeout: SCREEN_MS });
  }

  /** Every list of the sidebar with its filter open; each list's first record, its form; new forms. */
  async function walkResources(listener: Listener, options: { records: number }): Promise<void> {
    const { page } = listener;
    const lists = await sidebarResources(page);
    assert.ok(lists.length > 0, 'the sidebar offers lists');
    let records = 0;
    for (const list of lists) {
      await page.goto(`${base}${list}`);
      await listShown(page);
      await listener.read(list);
      if (await page.getByRole('button', { name: 'Filter', exact: true }).count()) {
        await openFilter(page);
        await listener.read(`${list} filter`);
      }
      const row = page.locator('table tbody tr[data-id]').first();
      if (records < options.records && await row.count()) {
        records++;
        const id = await row.getAttribute('data-id');
        await page.goto(`${base}${list}/records/${id}/show`);
        await page.locator('[data-css$="-show"], section').first().waitFor({ timeout: SCREEN_MS });
        await page.waitForLoadState('networkidle');
        await listener.read(`${list}/${id}`);
        if (await page.locator('[data-testid="action-edit"]').count()) {
          await page.goto(`${base}${list}/records/${id}/edit`);
          await page.locator('form').first().waitFor({ timeout: SCREEN_MS });
          await listener.read(`${list}/${id}/edit`);
        }
      }
      if (await page.goto(`${base}${list}`) && await page.locator('[data-testid="action-new"]').count()) {
        await page.goto(`${base}${list}/actions/new`);
        await page.locator('form').first().waitFor({ timeout: SCREEN_MS });
        await listener.read(`${list}/new`);
      }
    }
  }

  /** A list filtered to nothing: AdminJS's empty notice. */
  async function emptyList(listener: Listener, resource: string): Promise<void> {
    await listener.page.goto(`${base}/admin/resources/${resource}?filters.id=999999999`);
    await listShown(listener.page);
    await listener.read(`${resource} empty`);
  }

  /** A select (in the list's filter where the address ends in `?filter`) focused, typed into (no match: the empty menu), then opened and an option chosen: what its live region says. */
  async function selectSpoken(listener: Listener, address: string, property: string, screen: string): Promise<string[]> {
    const { page } = listener;
    await page.goto(`${base}${address}`);
    if (address.endsWith('?filter')) await openFilter(page);
    const input = page.locator(`[data-testid="property-edit-${property}"] input[role="combobox"], #filter-${property}`).first();
    await input.waitFor({ timeout: SCREEN_MS });
    await input.focus();
    await listener.read(`${screen} focused`);
    await input.pressSequentially('zzzzqq');
    await page.locator('[class*="-menu"]').first().waitFor({ timeout: SCREEN_MS });
    await listener.read(`${screen} no match`);
    await input.fill('');
    await page.keyboard.press('ArrowDown');
    await page.locator('[class*="-option"]').first().waitFor({ timeout: SCREEN_MS });
    const open = await listener.read(`${screen} menu open`);
    await page.keyboard.press('Enter');
    return [...open, ...await listener.read(`${screen} chosen`)];
  }

  /** A date picker of the list's filter opened: its month, day names and buttons. */
  async function datePickerSpoken(listener: Listener, resource: string): Promise<string[]> {
    const { page } = listener;
    await page.goto(`${base}/admin/resources/${resource}`);
    await listShown(page);
    await openFilter(page);
    await page.locator('.adminjs_Drawer .adminjs_DatePicker input').first().click();
    await page.locator('.react-datepicker').first().waitFor({ timeout: SCREEN_MS });
    return listener.read(`${resource} date picker`);
  }

  /** A custom action's confirmation on a record's page, read and cancelled. */
  async function confirmation(listener: Listener, resource: string, id: number, action: string): Promise<string[]> {
    const { page } = listener;
    await page.goto(`${base}/admin/resources/${resource}/records/${id}/show`);
    await page.locator(`[data-testid="action-${action}"]`).first().click({ timeout: SCREEN_MS });
    // AdminJS's confirmation (design-system Modal): its label, the question, cancel and confirm.
    const close = page.locator('.close-button').first();
    await close.waitFor({ timeout: SCREEN_MS });
    const heard = await listener.read(`${resource}/${id} ${action}`);
    await close.click();
    return heard;
  }

  it('the login page in a German browser has no English default', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const listener = new Listener(await context.newPage());
    await listener.page.goto(`${base}/admin/login`);
    await listener.page.getByRole('button', { name: 'Anmelden' }).waitFor({ timeout: SCREEN_MS });
    await listener.read('login');
    // A wrong password: the refusal on the login page.
    await listener.page.fill('input[name="email"]', 'vendor@demo.test');
    await listener.page.fill('input[name="password"]', 'not-the-password');
    await listener.page.getByRole('button', { name: 'Anmelden' }).click();
    await listener.page.getByText('E-Mail-Adresse oder Passwort ist falsch.').waitFor({ timeout: SCREEN_MS });
    await listener.read('login refused');
    await context.close();
    assert.deepEqual(listener.found, []);
  });

  it('vendor staff hear no English default', async () => {
    const listener = await logIn('vendor@demo.test');
    await listener.read('start page');
    await walkResources(listener, { records: 6 });
    await emptyList(listener, 'licenses');
    const resellerB = (await Organization.findOne({ where: { ref: 'reseller-b' } }))!;
    await selectSpoken(listener, `/admin/resources/organizations/records/${resellerB.id}/edit`, 'views', 'views select');
    const spoken = await selectSpoken(listener, '/admin/resources/licenses/actions/new', 'organizationId', 'reference select');
    // What a screen reader hears from AdminJS's own select, in German.
    assert.ok(spoken.some((text) => text.startsWith('Mit Pfeil hoch und runter wählen')), spoken.join(' | '));
    assert.ok(spoken.some((text) => / ausgewählt\.$/.test(text)), spoken.join(' | '));
    await selectSpoken(listener, '/admin/resources/licenses/actions/new', 'kind', 'value select');
    const calendar = await datePickerSpoken(listener, 'licenses');
    for (const text of ['Vorheriger Monat', 'Nächster Monat']) assert.ok(calendar.includes(text), `${text}: ${calendar.join(' | ')}`);
    assert.ok(calendar.some((text) => /^Wählen: \w+tag, \d+\. /.test(text)), calendar.join(' | '));
    const statement = (await StatementRecord.findOne({ order: [['id', 'ASC']] }))!;
    const heard = await confirmation(listener, 'statements', statement.id, 'resend');
    assert.ok(heard.some((text) => /erneut/i.test(text)), `the question in German: ${heard.join(' | ')}`);
    const license = (await License.findOne({ where: { status: 'inactive' }, order: [['id', 'ASC']] }))!;
    await confirmation(listener, 'licenses', license.id, 'destroy');
    // A notice of AdminJS's own: an edit saved.
    await listener.page.goto(`${base}/admin/resources/organizations/records/${resellerB.id}/edit`);
    await listener.page.locator('[data-testid="button-save"], button[type="submit"]').first().click();
    await listener.page.locator('[data-testid="notice-wrapper"], .adminjs_MessageBox, #portal-notice').first().waitFor({ timeout: SCREEN_MS });
    const saved = await listener.read('organization saved');
    assert.ok(saved.includes('Die Änderungen wurden gespeichert.'), saved.join(' | '));
    assert.deepEqual(listener.found, []);
  });

  it('reseller A hears no English default', async () => {
    const listener = await logIn('reseller-a@demo.test');
    await listener.read('start page');
    await walkResources(listener, { records: 4 });
    await emptyList(listener, 'subscriptions');
    await selectSpoken(listener, '/admin/resources/licenses/actions/new', 'articleId', 'reference select');
    const resellerA = (await Organization.findOne({ where: { ref: 'reseller-a' } }))!;
    const subscription = (await Subscription.findOne({ where: { resellerId: resellerA.id }, order: [['id', 'ASC']] }))!;
    await confirmation(listener, 'subscriptions', subscription.id, 'terminate');
    assert.deepEqual(listener.found, []);
  });

  it('the customer admin hears no English default', async () => {
    const listener = await logIn('customer-admin@demo.test');
    await listener.read('start page');
    await walkResources(listener, { records: 4 });
    await emptyList(listener, 'licenses');
    // The demo leaves tickets to redeem (services/demo-activity.ts).
    const ticket = ((await Ticket.findOne({ where: { status: 'assigned' } })) ?? (await Ticket.findOne({ where: { status: 'open' } })))!;
    await confirmation(listener, 'tickets', ticket.id, 'redeem');
    assert.deepEqual(listener.found, []);
  });

  it('the DPO hears no English default', async () => {
    const listener = await logIn('dpo@demo.test');
    await listener.read('start page');
    await walkResources(listener, { records: 4 });
    await emptyList(listener, 'erasure_requests');
    const request = (await ErasureRequest.findOne({ where: { status: 'requested' } }))!;
    await selectSpoken(listener, '/admin/resources/erasure_requests?filter', 'status', 'filter select');
    await confirmation(listener, 'erasure_requests', request.id, 'executeNow');
    assert.deepEqual(listener.found, []);
  });

  it('an English user keeps English', async () => {
    const listener = await logIn('reseller-b@demo.test');
    const { page } = listener;
    await page.goto(`${base}/admin/resources/licenses`);
    await listShown(page);
    // The list with its (closed) filter: AdminJS's actions and the selects' placeholder in the portal's English.
    const list = await listener.read('licenses');
    for (const text of ['Create new', 'Select…', 'Licenses – Channel License Portal']) assert.ok(list.includes(text), `${text}: ${list.join(' | ')}`);
    assert.ok(!list.some((text) => /^(Abbrechen|Speichern|Neu anlegen|Auswählen …)$/.test(text)), 'no German');
  });
});
