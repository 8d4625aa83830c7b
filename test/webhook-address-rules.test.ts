// The ranges a webhook may never reach (models/domain/webhook-rules.ts forbiddenWebhookAddress),
// at their edges: an installation's ERP on a public address must stay reachable, its own network not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forbiddenWebhookAddress } from '../models/domain/webhook-rules.ts';

describe('forbidden webhook addresses', () => {
  it('names loopback, private, link-local, CGNAT, multicast and unspecified addresses, IPv4-mapped ones too', () => {
    const cases: Array<[string, string]> = [
      ['127.0.0.1', 'a loopback address'], ['127.255.255.254', 'a loopback address'], ['::1', 'a loopback address'],
      ['::ffff:127.0.0.1', 'a loopback address'], ['::ffff:7f00:1', 'a loopback address'],
      ['10.0.0.1', 'a private address'], ['172.16.0.1', 'a private address'], ['172.31.255.255', 'a private address'],
      ['192.168.1.1', 'a private address'], ['fc00::1', 'a private address'], ['fdff:ffff::1', 'a private address'],
      ['::ffff:10.1.1.1', 'a private address'],
      ['169.254.169.254', 'a link-local address'], ['fe80::1', 'a link-local address'], ['febf::1', 'a link-local address'],
      ['100.64.0.1', 'a shared (CGNAT) address'], ['100.127.255.255', 'a shared (CGNAT) address'],
      ['224.0.0.1', 'a multicast or broadcast address'], ['239.255.255.250', 'a multicast or broadcast address'],
      ['255.255.255.255', 'a multicast or broadcast address'], ['ff02::1', 'a multicast or broadcast address'],
      ['0.0.0.0', 'an unspecified address'], ['::', 'an unspecified address'],
    ];
    for (const [address, kind] of cases) assert.equal(forbiddenWebhookAddress(address), kind, address);
  });

  it('lets public addresses through, just outside each range', () => {
    for (const address of ['8.8.8.8', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.255.255', '192.169.0.1',
      '11.0.0.1', '2001:4860:4860::8888', 'fec0::1', '::ffff:8.8.8.8']) {
      assert.equal(forbiddenWebhookAddress(address), null, address);
    }
  });
});
