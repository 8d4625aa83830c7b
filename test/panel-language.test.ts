/**
 * The panel speaks the logged-in user's language: every text AdminJS asks for exists in German and
 * English (walked over the resources as the panel registers them), the page's state carries the
 * user's language, the user switches it (stored on the user), and the login page is the product's.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import AdminJS, { flat, locales } from 'adminjs';
import { startTestPanel, login, type TestPanel } from './support/portal.ts';
import { assertUnchanged } from './support/db-scan.ts';
import { adminResources } from '../admin/resources.ts';
import { adminTranslations } from '../admin/panel-locale.ts';
import { panelTexts } from '../templates/panel-texts.ts';
import { AuditEvent, User } from '../models/index.ts';

/** The page's state (admin/page-layout.ts writes it as a JSON data block). */
function pageState(html: string): { locale: { language: string; translations: Record<string, Record<string, unknown>> } } {
  const json = /<script type="application\/json" id="portal-state">(.*?)<\/script>/s.exec(html)?.[1];
  assert.ok(json, 'the page carries its state');
  return JSON.parse(json);
}

/** A nested text by its dotted key. */
const at = (tree: unknown, key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);

describe('panel language', () => {
  let portal: TestPanel;
  before(async () => { portal = await startTestPanel(); });
  after(async () => { await portal.close(); });

  it('every resource, field, action and value the panel registers has its text in German and in English', () => {
    const admin = new AdminJS({ resources: adminResources(portal.config) });
    const missing: string[] = [];
    for (const language of ['de', 'en']) {
      // AdminJS's lookup: the resource's own key first, then the shared one.
      const texts = flat.flatten(adminTranslations(panelTexts(language))) as Record<string, unknown>;
      const has = (...keys: string[]) => keys.some((key) => typeof texts[key] === 'string' && (texts[key] as string).length > 0);
      for (const resource of admin.resources) {
        const id = resource.id();
        const decorated = resource.decorate();
        if (!has(`resources.${id}.labels.${id}`)) missing.push(`${language}: resource ${id}`);
        for (const property of decorated.getProperties({ where: 'show' }).concat(decorated.getProperties({ where: 'edit' }), decorated.getProperties({ where: 'list' }))) {
          const path = property.propertyPath;
          if (!has(`resources.${id}.properties.${path}`, `properties.${path}`)) missing.push(`${language}: ${id}.${path}`);
          for (const { value } of property.availableValues() ?? []) {
            if (!has(`resources.${id}.labels.${path}.${value}`)) missing.push(`${language}: ${id}.${path} = ${value}`);
          }
          const help = property.options.description;
          if (help && !has(`resources.${id}.messages.${help}`, `messages.${help}`)) missing.push(`${language}: help ${help}`);
        }
        for (const name of Object.keys(decorated.actions)) {
          if (!has(`resources.${id}.actions.${name}`, `actions.${name}`)) missing.push(`${language}: action ${id}.${name}`);
        }
        const group = decorated.options.navigation;
        const groupName = group && typeof group === 'object' ? group.name : null;
        if (groupName && !has(`labels.${groupName}`)) missing.push(`${language}: navigation ${groupName}`);
      }
    }
    assert.deepEqual([...new Set(missing)], []);
    // And the two files hold the same keys (the type says so; this says it of what runs).
    assert.deepEqual(Object.keys(flat.flatten(panelTexts('de'))).sort(), Object.keys(flat.flatten(panelTexts('en'))).sort());
  });

  it('AdminJS\'s own texts a user can meet are the portal\'s wording, in German and in English', () => {
    // Never shown: AdminJS's own start page (its tips and links; the portal has its own), its language
    // menu (hidden) and the errors a developer meets (a component missing).
    const NEVER_SHOWN = /^(messages\.(welcomeOnBoard|addingResources|customizeResources|customizeActions|writeOwnComponents|customDashboard|roleBasedAccess|community|foundBug|needMoreSolutions|componentNotFound)_|messages\.noActionComponent$|buttons\.(seeTheDocumentation|contactUs)$|components\.LanguageSelector\.)/;
    // Every key of AdminJS's English locale (an upgrade's new texts count too).
    const english = flat.flatten(locales.en) as Record<string, unknown>;
    const keys = Object.keys(english).filter((key) => typeof english[key] === 'string' && !NEVER_SHOWN.test(key));
    for (const language of ['de', 'en']) {
      const texts = flat.flatten(adminTranslations(panelTexts(language))) as Record<string, unknown>;
      assert.deepEqual(keys.filter((key) => typeof texts[key] !== 'string' || !texts[key]), [], `${language}: AdminJS's texts without the portal's wording`);
    }
  });

  it('a German user gets German texts, an English user English ones, and the tab names the resource', async () => {
    const de = await (await login(portal.panel.app, 'reseller-a@demo.test')).get('/admin/resources/subscriptions');
    const deState = pageState(de.text);
    assert.equal(deState.locale.language, 'de');
    assert.deepEqual(Object.keys(deState.locale.translations), ['de'], 'one language travels');
    assert.equal(at(deState.locale.translations.de, 'resources.subscriptions.labels.subscriptions'), 'Abonnements');
    assert.equal(at(deState.locale.translations.de, 'properties.customerId'), 'Kunde', 'a reference is named as what it points to');
    assert.equal(at(deState.locale.translations.de, 'resources.licenses.labels.status.expired'), 'abgelaufen');
    assert.match(de.text, /<html lang="de">/);
    assert.match(de.text, /<title>Abonnements – Channel License Portal<\/title>/);

    const en = await (await login(portal.panel.app, 'reseller-b@demo.test')).get('/admin/resources/subscriptions');
    const enState = pageState(en.text);
    assert.equal(enState.locale.language, 'en');
    assert.equal(at(enState.locale.translations.en, 'resources.subscriptions.labels.subscriptions'), 'Subscriptions');
    assert.equal(at(enState.locale.translations.en, 'properties.customerId'), 'Customer');
    assert.match(en.text, /<title>Subscriptions – Channel License Portal<\/title>/);
  });

  it('lists show money with its currency and lists of values with their unit, in the user\'s language', async () => {
    const list = async (email: string, resource: string) => (await (await login(portal.panel.app, email)).get(`/admin/api/resources/${resource}/actions/list`)).body.records as Array<{ params: Record<string, unknown> }>;
    const price = (records: Array<{ params: Record<string, unknown> }>) => records.find((r) => r.params.code === 'OFF-SUB-M')?.params.priceCentsText;
    assert.equal(price(await list('vendor@demo.test', 'articles')), '14,90 EUR');
    await User.update({ locale: 'en' }, { where: { email: 'vendor@demo.test' } });
    try {
      assert.equal(price(await list('vendor@demo.test', 'articles')), 'EUR 14.90');
      const office = (await list('vendor@demo.test', 'product_groups')).find((r) => r.params.name === 'Office Suite')!;
      assert.equal(office.params.demoDaysText, '14, 30, 60 days');
      assert.equal(office.params.articleKindsText, 'Demo, NFR, Subscription');
    } finally {
      await User.update({ locale: 'de' }, { where: { email: 'vendor@demo.test' } });
    }
    const office = (await list('vendor@demo.test', 'product_groups')).find((r) => r.params.name === 'Office Suite')!;
    assert.equal(office.params.demoDaysText, '14, 30, 60 Tage');
  });

  it('the user switches the language in the top bar: stored on the user, audited, the next page follows', async () => {
    const agent = await login(portal.panel.app, 'reseller-a@demo.test');
    const switched = await agent.post('/admin/account/locale').send({ locale: 'en' });
    assert.equal(switched.status, 200, JSON.stringify(switched.body));
    try {
      assert.equal((await User.findOne({ where: { email: 'reseller-a@demo.test' } }))!.locale, 'en');
      assert.equal(await AuditEvent.count({ where: { action: 'users.locale' } }), 1);
      assert.equal(pageState((await agent.get('/admin')).text).locale.language, 'en');
      // A language the portal does not speak: 422, nothing changed.
      await assertUnchanged(portal.sequelize, async () => {
        const refused = await agent.post('/admin/account/locale').send({ locale: 'fr' });
        assert.equal(refused.status, 422);
        assert.ok(refused.body.fields.locale);
      });
      assert.equal((await agent.post('/admin/account/locale').send({})).status, 422);
    } finally {
      await User.update({ locale: 'de' }, { where: { email: 'reseller-a@demo.test' } });
    }
  });

  it('the login page is the product\'s, in the browser\'s language, without AdminJS\'s marketing', async () => {
    for (const [accept, language, welcome] of [['de-DE,de;q=0.9', 'de', 'Lizenzen, Abonnements'], ['en-GB', 'en', 'Licenses, subscriptions']] as const) {
      const page = await (await import('supertest')).default(portal.panel.app).get('/admin/login').set('Accept-Language', accept);
      assert.equal(page.status, 200);
      assert.match(page.text, /<title>Channel License Portal<\/title>/);
      assert.match(page.text, /\/portal-assets\/logo\.svg/);
      const state = pageState(page.text);
      assert.equal(state.locale.language, language);
      assert.match(String(at(state.locale.translations[language], 'components.Login.welcomeMessage')), new RegExp(welcome));
      assert.doesNotMatch(page.text, /AdminJS|world's leading|auto-generated|open-source/i);
    }
  });
});
