/**
 * The committed role × view × resource × action table. A permission change shows up here as a
 * diff that has to be committed on purpose: `UPDATE_SNAPSHOTS=1 npm test` rewrites the file.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { can, ERASURE_OPERATIONS, LICENSE_OPERATIONS, RESOURCES, STATEMENT_OPERATIONS, type Operation, type View } from '../models/domain/policy.ts';
import { ROLES } from '../models/domain/roles.ts';

const SNAPSHOT = fileURLToPath(new URL('./snapshots/permissions.txt', import.meta.url));
const VIEWS: View[] = ['vendor', 'dpo', 'distributor', 'reseller', 'service_provider', 'system_integrator', 'partner', 'customer'];
const OPERATIONS: Operation[] = ['read', 'create', 'update', 'delete', 'import', ...LICENSE_OPERATIONS, ...STATEMENT_OPERATIONS, ...ERASURE_OPERATIONS];

function table(): string {
  const lines = [`# view/role resource: ${OPERATIONS.join(' ')}`];
  for (const view of VIEWS) {
    for (const role of ROLES) {
      for (const resource of RESOURCES) {
        const actor = { userId: 1, organizationId: 1, view, role };
        const allowed = OPERATIONS.filter((op) => can(actor, resource, op));
        lines.push(`${view}/${role} ${resource}: ${allowed.length ? allowed.join(' ') : '-'}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

it('the permission table matches the committed snapshot', () => {
  const current = table();
  if (process.env.UPDATE_SNAPSHOTS === '1') fs.writeFileSync(SNAPSHOT, current);
  assert.equal(current, fs.readFileSync(SNAPSHOT, 'utf8'), 'permissions changed: review, then run UPDATE_SNAPSHOTS=1 npm test and commit the snapshot');
});
