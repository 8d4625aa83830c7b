/**
 * List fields and list totals as a user reads them, in headless Chromium (Debian's chromium via
 * playwright-core): a field holding several values of a value list (an organization's views, a
 * product group's article kinds, a webhook's events) is one multi-select of labels in the user's
 * language, its choice is stored as the list the services expect, and lists and record pages show
 * the labels; a list whose total was counted only up to the cap says "1.000+" / "1,000+".
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { recordViolations, servePanel, type ServedPanel } from './support/browser.ts';
import { describeViolations, seriousViolations } from './support/axe.ts';
import { walkKeyboard } from './support/keyboard.ts';
import { startTestPanel, type TestPanel } from './support/portal.ts';
import { Article, Organization, Ticket, User } from '../models/index.ts';

/** Small enough to exceed with a few inserted tickets, large enough to show a thousands separator. */
const CAP = 1000;

describe('list fields and capped totals in a browser', () => {
  let portal: TestPanel;
  let served: ServedPanel;
  let browser: Browser;
  let base: string;
  const contexts: Array<{ context: BrowserContext; violations: string[] }> = [];

  before(async () => {
    portal = await startTestPanel({ listCountCap: CAP });
    const vendor = (await Organization.findOne({ where: { ref: 'vendor' } }))!;
    const article = (await Article.findOne())!;
    await Ticket.bulkCreate(Array.from({ length: CAP + 5 }, (_, i) => ({ code: `CAP-${i}`, articleId: article.id, organizationId: vendor.id })));
    served = await servePanel(portal);
    ({ base, browser } = served);
  });
  after(async () => {
    await served.close();
  });
  afterEach(async () => {
    for (const { context, violations } of contexts.splice(0)) {
      assert.deepEqual(violations, [], 'no Content-Security-Policy violation');
      await context.close();
    }
  });

  async function loggedIn(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const watched = { context, violations: [] as string[] };
    await recordViolations(context, watched.violations);
    contexts.push(watched);
    const page = await context.newPage();
    await page.goto(`${base}/admin/login`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', 'portal-demo');
    await page.getByRole('button', { name: /log ?in|anmelden/i }).click();
    await page.waitForURL(`${base}/admin`);
    return page;
  }

  /** The labels a multi-select shows as chosen, and those its open menu offers. */
  async function multiSelect(page: Page, property: string): Promise<{ chosen: string[]; offered: string[] }> {
    const field = page.locator(`[data-testid="property-edit-${property}"]`);
    await field.waitFor();
    const chosen = await field.locator('[class*="MultiValueGeneric"]').allTextContents();
    await field.locator('input[role="combobox"]').click();
    const offered = await page.locator('[class*="-option"]').allTextContents();
    await page.keyboard.press('Escape');
    return { chosen, offered };
  }

  it('the German vendor reads an organization\'s views as labels, changes them in the form, and the list is stored', async () => {
    const page = await loggedIn('vendor@demo.test');
    const resellerB = (await Organization.findOne({ where: { ref: 'reseller-b' } }))!;
    const resellerA = (await Organization.findOne({ where: { ref: 'reseller-a' } }))!;
    await page.goto(`${base}/admin/resources/organizations`);
    await page.locator(`tr[data-id="${resellerA.id}"]`, { hasText: 'Händler, Dienstleister' }).waitFor();

    await page.goto(`${base}/admin/resources/organizations/records/${resellerB.id}/edit`);
    await page.locator('[data-testid="property-edit-views"] [class*="MultiValueGeneric"]').first().waitFor();
    // The form with its multi-select passes axe and the keyboard walk, as the walk-through's screens do.
    const violations = await seriousViolations(page);
    assert.deepEqual(violations, [], describeViolations(violations));
    const { stops, problems } = await walkKeyboard(page);
    assert.deepEqual(problems, []);
    // Named by its label alone: AdminJS's asterisk of a required field is seen, not read; aria-required says it.
    assert.ok(stops.includes('combobox "Sichten"'), stops.join('\n'));
    assert.equal(await page.locator('#views').getAttribute('aria-required'), 'true');
    const { chosen, offered } = await multiSelect(page, 'views');
    assert.deepEqual(chosen, ['Händler']);
    for (const label of ['Kunde', 'Distributor', 'Dienstleister', 'Partner']) assert.ok(offered.includes(label), `offers ${label}: ${offered.join(', ')}`);
    assert.ok(!offered.some((label) => /^(customer|service_provider)$/.test(label)), 'no raw value');

    const field = page.locator('[data-testid="property-edit-views"]');
    await field.locator('input[role="combobox"]').click();
    await page.locator('[class*="-option"]', { hasText: 'Dienstleister' }).click();
    await field.locator('[class*="MultiValueGeneric"]', { hasText: 'Dienstleister' }).waitFor();
    await page.locator('[data-testid="button-save"], button[type="submit"]').first().click();
    const deadline = Date.now() + 30_000;
    while ((await resellerB.reload()).views.length !== 2) {
      assert.ok(Date.now() < deadline, 'saved within 30 s');
      await page.waitForTimeout(100);
    }
    assert.deepEqual(resellerB.views, ['reseller', 'service_provider']);

    // Nothing chosen: refused, naming the field, and nothing stored.
    await page.goto(`${base}/admin/resources/organizations/records/${resellerB.id}/edit`);
    for (const label of ['Händler', 'Dienstleister']) await field.getByRole('button', { name: `${label} entfernen` }).click();
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.url().includes(`/records/${resellerB.id}/edit`) && response.request().method() === 'POST'),
      page.locator('[data-testid="button-save"], button[type="submit"]').first().click(),
    ]);
    assert.equal(refused.status(), 422);
    await page.locator('#portal-notice', { hasText: /views|Sichten/ }).waitFor();
    assert.deepEqual((await resellerB.reload()).views, ['reseller', 'service_provider']);

    await page.goto(`${base}/admin/resources/organizations/records/${resellerB.id}/show`);
    await page.locator('[data-testid="property-show-viewsText"]', { hasText: 'Händler, Dienstleister' }).waitFor();

    // The filter offers the labels too, and finds the organizations holding the chosen view.
    await page.goto(`${base}/admin/resources/organizations`);
    await page.locator(`tr[data-id="${resellerB.id}"]`).waitFor();
    await page.locator('[data-css="organizations-filter-button"], button:has-text("Filter")').first().click();
    const filter = page.locator('[data-testid="property-filter-views"]');
    await filter.locator('input[role="combobox"]').click();
    await page.locator('[class*="-option"]', { hasText: 'Dienstleister' }).click();
    await page.locator('[data-css$="filter-drawer"] button[type="submit"], [data-testid="filter-drawer"] button[type="submit"]').first().click();
    await page.waitForURL(/filters\.views=service_provider/);
    // Reseller A and B are the service providers (the page's default timeout is the deadline).
    await page.waitForFunction((ids) => [...document.querySelectorAll('tbody tr')].map((row) => row.getAttribute('data-id')).sort().join() === ids, [resellerA.id, resellerB.id].map(String).sort().join());
  });

  it('an English user reads English labels in the forms of views, article kinds and webhook events', async () => {
    await User.update({ locale: 'en' }, { where: { email: 'vendor@demo.test' } });
    try {
      const page = await loggedIn('vendor@demo.test');
      await page.goto(`${base}/admin/resources/organizations/actions/new`);
      const views = await multiSelect(page, 'views');
      for (const label of ['Customer', 'Reseller', 'Service provider']) assert.ok(views.offered.includes(label), `offers ${label}: ${views.offered.join(', ')}`);

      await page.goto(`${base}/admin/resources/product_groups/actions/new`);
      const kinds = await multiSelect(page, 'articleKinds');
      for (const label of ['Demo', 'Subscription', 'NFR']) assert.ok(kinds.offered.includes(label), `offers ${label}: ${kinds.offered.join(', ')}`);

      await page.goto(`${base}/admin/resources/webhook_endpoints/actions/new`);
      const events = await multiSelect(page, 'events');
      assert.ok(events.offered.includes('License created'), events.offered.join(', '));
      assert.ok(!events.offered.includes('license.created'), 'no raw value');
    } finally {
      await User.update({ locale: 'de' }, { where: { email: 'vendor@demo.test' } });
    }
  });

  it('a total counted only up to the cap is shown as a lower bound, in the user\'s language', async () => {
    const tag = async (page: Page, resource: string) => {
      await page.goto(`${base}/admin/resources/${resource}`);
      await page.locator('tbody tr').first().waitFor();
      // The count AdminJS shows beside the list's heading: 0 until the page's rows have come.
      await page.waitForFunction(() => !['', '0'].includes(document.querySelector('h2 .adminjs_Badge')?.textContent?.trim() ?? ''));
      return (await page.locator('h2 .adminjs_Badge').textContent())?.trim();
    };
    const de = await loggedIn('vendor@demo.test');
    assert.equal(await tag(de, 'tickets'), '1.000+');
    assert.equal(await tag(de, 'organizations'), String(await Organization.count()), 'below the cap: the exact count');
    await User.update({ locale: 'en' }, { where: { email: 'vendor@demo.test' } });
    try {
      assert.equal(await tag(await loggedIn('vendor@demo.test'), 'tickets'), '1,000+');
    } finally {
      await User.update({ locale: 'de' }, { where: { email: 'vendor@demo.test' } });
    }
  });
});
