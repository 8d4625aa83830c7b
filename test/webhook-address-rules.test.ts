// The ranges a webhook may never reach (models/domain/webhook-rules.ts forbiddenWebhookAddress),
// at their edges: an installation's ERP on a public address must stay reachable, its own network not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forbiddenWebhookAddress } from '../models/domain/webhook-rules.ts';
import { webhookTarget } from '../services/webhook-address.ts';

describe('forbidden webhook addresses', () => {
  it('names loopback, private, link-local, CGNAT, multicast and unspecified addresses, IPv4-mapped ones too', () => {
    const cases: Array<[string, string]> = [
      ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'], ['::1', 'loopback'],
      ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'],
      ['10.0.0.1', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'], ['fc00::1', 'private'], ['fdff:ffff::1', 'private'],
      ['::ffff:10.1.1.1', 'private'],
      ['169.254.169.254', 'linkLocal'], ['fe80::1', 'linkLocal'], ['febf::1', 'linkLocal'],
      ['100.64.0.1', 'shared'], ['100.127.255.255', 'shared'],
      ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'],
      ['255.255.255.255', 'multicast'], ['ff02::1', 'multicast'],
      ['0.0.0.0', 'unspecified'], ['::', 'unspecified'],
    ];
    for (const [address, kind] of cases) assert.equal(forbiddenWebhookAddress(address), kind, address);
  });

  it('lets public addresses through, just outside each range', () => {
    for (const address of ['8.8.8.8', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.255.255', '192.169.0.1',
      '11.0.0.1', '2001:4860:4860::8888', 'fec0::1', '::ffff:8.8.8.8']) {
      assert.equal(forbiddenWebhookAddress(address), null, address);
    }
  });

  it('a name whose resolver never answers counts as not resolving (after a few seconds), not as forbidden', async () => {
    const target = await webhookTarget('https://hooks.slow.test/hook', false, () => new Promise(() => undefined));
    assert.equal(target.ok, false);
    assert.ok(!target.ok && !target.forbidden);
    assert.match(!target.ok ? target.problem : '', /cannot be resolved \(hooks\.slow\.test: ETIMEOUT\)/);
  });
});
