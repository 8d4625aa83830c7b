import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPanel, login, type Agent, type TestPanel } from './support/portal.ts';

describe('list filters and autocomplete', () => {
  let portal: TestPanel;
  let reseller: Agent;
  before(async () => {
    portal = await startTestPanel();
    reseller = await login(portal.panel.app, 'reseller-a@demo.test');
  });
  after(() => portal.close());

  const keys = async (url: string) =>
    (await reseller.get(url)).body.records.map((r: { params: { licenseKey: string } }) => r.params.licenseKey).sort();
  /** What an autocomplete offers: each row's title (a license's key). */
  const offered = async (url: string) => (await reseller.get(url)).body.records.map((r: { title: string }) => r.title).sort();

  it('finds a license key as it is typed, from its start, in any case', async () => {
    assert.deepEqual(await offered('/admin/api/resources/licenses/actions/search/LIC-A1'), ['LIC-A1-DEMO', 'LIC-A1-SUB']);
    assert.deepEqual(await offered('/admin/api/resources/licenses/actions/search/lic-a1-s'), ['LIC-A1-SUB']);
    assert.deepEqual(await offered('/admin/api/resources/licenses/actions/search/A1-SUB'), [], 'no substring match on a key');
  });

  it('matches enumerations exactly and takes LIKE wildcards literally', async () => {
    assert.deepEqual(await keys('/admin/api/resources/licenses/actions/list?filters.kind=demo'), ['LIC-A1-DEMO', 'LIC-A2-DEMO']);
    assert.deepEqual(await keys('/admin/api/resources/licenses/actions/list?filters.kind=dem'), []);
    assert.deepEqual(await keys(`/admin/api/resources/licenses/actions/list?filters.licenseKey=${encodeURIComponent('LIC_A1')}`), []);
    assert.deepEqual(await keys(`/admin/api/resources/licenses/actions/list?filters.licenseKey=${encodeURIComponent('%SUB')}`), []);
  });

  it('filters dates by a calendar date or an ISO timestamp and refuses, by name, a bound that is neither', async () => {
    const subscriptions = '/admin/api/resources/subscriptions/actions/list?filters.startDate~~';
    const refs = async (query: string) =>
      (await reseller.get(subscriptions + query)).body.records.map((r: { params: { ref: string } }) => r.params.ref).sort();
    assert.deepEqual(await refs('from=2026-10-01'), ['SUB-A1-2']);
    assert.deepEqual(await refs('from=2026-10-01T00:00:00.000Z&filters.startDate~~to=2026-10-10'), ['SUB-A1-2']);
    for (const bound of ['notadate', '2026-13-45', '2026-02-30', '0000-01-01', '2026-01-01T25:00:00Z']) {
      const response = await reseller.get(`${subscriptions}to=${bound}`);
      assert.equal(response.status, 400, bound);
      assert.match(response.body.error, /^Der Filter Beginn nimmt startDate~~from und\/oder startDate~~to, .*; to ist keins davon\.$/);
    }
  });

  it('matches free text anywhere, case-insensitively', async () => {
    const names = (await reseller.get('/admin/api/resources/organizations/actions/list?filters.name=musterf')).body.records.map((r: { params: { name: string } }) => r.params.name);
    assert.deepEqual(names, ['Musterfirma KG']);
  });
});
