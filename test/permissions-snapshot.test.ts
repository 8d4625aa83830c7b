/**
 * The committed role × view × resource × action table. A permission change shows up here as a
 * diff that has to be committed on purpose: `UPDATE_SNAPSHOTS=1 npm test` rewrites the file.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  can, fieldsWritable, licenseOperationAllowed, requestAllowed, runtimeExtensionAllowed, API_TOKEN_OPERATIONS, ERASURE_OPERATIONS, LICENSE_KEY_OPERATIONS, LICENSE_RUNTIME_OPERATIONS, LICENSE_OPERATIONS, REQUEST_OPERATIONS, RESOURCES, STATEMENT_OPERATIONS, SUBSCRIPTION_OPERATIONS, TICKET_OPERATIONS,
  type Operation, type View,
} from '../models/domain/policy.ts';
import { ROLES } from '../models/domain/roles.ts';

const SNAPSHOT = fileURLToPath(new URL('./snapshots/permissions.txt', import.meta.url));
const VIEWS: View[] = ['vendor', 'dpo', 'distributor', 'reseller', 'service_provider', 'system_integrator', 'partner', 'customer'];
const OPERATIONS: Operation[] = ['read', 'create', 'update', 'delete', 'import', ...LICENSE_OPERATIONS, ...LICENSE_KEY_OPERATIONS, ...LICENSE_RUNTIME_OPERATIONS, ...SUBSCRIPTION_OPERATIONS, ...STATEMENT_OPERATIONS, ...ERASURE_OPERATIONS, ...TICKET_OPERATIONS, ...REQUEST_OPERATIONS, ...API_TOKEN_OPERATIONS];

function table(): string {
  const lines = [`# view/role resource: ${OPERATIONS.join(' ')}`];
  for (const view of VIEWS) {
    for (const role of ROLES) {
      for (const resource of RESOURCES) {
        const actor = { userId: 1, organizationId: 1, view, role };
        const allowed = OPERATIONS.filter((op) => can(actor, resource, op));
        lines.push(`${view}/${role} ${resource}: ${allowed.length ? allowed.join(' ') : '-'}`);
        for (const mode of ['create', 'update'] as const) {
          const fields = fieldsWritable(actor, resource, mode);
          if (fields.length > 0) lines.push(`  ${mode} fields: ${[...fields].sort().join(' ')}`);
        }
      }
    }
  }
  // Where license operations run: on the actor's own organization (reached directly or, in a
  // customer's context, through a membership above) or on one below it.
  lines.push('', '# license operations by view/role: own (direct) · own (inherited from above) · below');
  for (const view of VIEWS) {
    for (const role of ROLES) {
      const where = (inherited: boolean, below: boolean) => [...LICENSE_OPERATIONS, ...LICENSE_KEY_OPERATIONS]
        .filter((op) => licenseOperationAllowed({ userId: 1, organizationId: 1, view, role, inherited }, op, { organizationId: below ? 2 : 1 })).join(' ') || '-';
      lines.push(`${view}/${role}: ${where(false, false)} · ${where(true, false)} · ${where(false, true)}`);
    }
  }
  lines.push('', '# runtime extension by view/role: own (direct) · own (inherited from above) · below');
  for (const view of VIEWS) {
    for (const role of ROLES) {
      const where = (inherited: boolean, below: boolean) => (runtimeExtensionAllowed({ userId: 1, organizationId: 1, view, role, inherited }, { organizationId: below ? 2 : 1 }) ? 'extendRuntime' : '-');
      lines.push(`${view}/${role}: ${where(false, false)} · ${where(true, false)} · ${where(false, true)}`);
    }
  }
  lines.push('', '# license requests by view/role: own (direct) · own (inherited from above) · below');
  for (const view of VIEWS) {
    for (const role of ROLES) {
      const where = (inherited: boolean, below: boolean) => (['requestOffer', 'requestSupport'] as const)
        .filter((op) => requestAllowed({ userId: 1, organizationId: 1, view, role, inherited }, op, { organizationId: below ? 2 : 1 })).join(' ') || '-';
      lines.push(`${view}/${role}: ${where(false, false)} · ${where(true, false)} · ${where(false, true)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

it('the permission table matches the committed snapshot', () => {
  const current = table();
  if (process.env.UPDATE_SNAPSHOTS === '1') fs.writeFileSync(SNAPSHOT, current);
  assert.equal(current, fs.readFileSync(SNAPSHOT, 'utf8'), 'permissions changed: review, then run UPDATE_SNAPSHOTS=1 npm test and commit the snapshot');
});
