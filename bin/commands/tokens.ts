import type { Command } from './index.ts';
import { Organization, User } from '../../models/index.ts';
import { resolveActor } from '../../models/actor-lookup.ts';
import { calendarDateIn } from '../../models/domain/vendor-time.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/api-tokens.ts';
import { systemActor } from '../../services/system-actor.ts';
import { Refusal } from '../../services/refusal.ts';
import { flag, refusing, required } from './flags.ts';
import { msg } from '../../templates/messages.ts';

const CREATE_USAGE = 'tokens create --org <ref> --by <admin email> [--name N] [--read-only] [--expires YYYY-MM-DD] [--view V]';

async function organizationByRef(ref: string): Promise<Organization> {
  const organization = await Organization.findOne({ where: { ref } });
  if (!organization) throw new Refusal(404, msg('cli', { text: `No organization has the ref "${ref}".` }));
  return organization;
}

/**
 * Created as the admin named by --by, acting in the organization's view (--view, default its
 * first): the same service, policy and audit entry as the panel. The token alone goes to stdout.
 */
const create: Command = {
  name: 'tokens create',
  summary: 'create an API token and print it: --org <ref> --by <admin email> [--name N] [--read-only] [--expires YYYY-MM-DD] [--view V]',
  run: (portal, args) => refusing(async () => {
    const organization = await organizationByRef(required(args, 'org', CREATE_USAGE));
    const email = required(args, 'by', CREATE_USAGE).trim().toLowerCase();
    const view = flag(args, 'view') ?? organization.views[0];
    const user = await User.findOne({ where: { email } });
    const actor = user && await resolveActor(portal.sequelize, user.id, organization.id, view);
    if (!actor) throw new Refusal(403, msg('cli', { text: `${email} does not act for ${organization.ref} in the ${view} view.` }));
    const { row, token } = await createApiToken(portal.sequelize, actor, {
      name: flag(args, 'name') ?? 'CLI', role: args.includes('--read-only') ? 'read-only' : 'member', expiresOn: flag(args, 'expires'),
    }, { today: calendarDateIn(new Date(), portal.config.timezone) });
    console.error(`API token ${row.id} "${row.name}" for ${organization.ref} (${row.view}, ${row.role}${row.expiresOn ? `, last day ${row.expiresOn}` : ''}); it is shown only now:`);
    console.log(token);
  }),
};

const list: Command = {
  name: 'tokens list',
  summary: 'list API tokens (never the tokens themselves): [--org <ref>]',
  run: (portal, args) => refusing(async () => {
    const ref = flag(args, 'org');
    const organizationId = ref === null ? undefined : (await organizationByRef(ref)).id;
    for (const t of await listApiTokens(portal.sequelize, await systemActor(), { organizationId })) {
      const state = t.revokedAt ? 'revoked' : t.expiresOn ? `until ${t.expiresOn}` : 'active';
      console.log([t.id, t.organizationId, t.view, t.role, state, t.lastUsedAt ? `last used ${(t.lastUsedAt as Date).toISOString()}` : 'never used', t.name].join('\t'));
    }
  }),
};

const revoke: Command = {
  name: 'tokens revoke',
  summary: 'revoke an API token: <id>',
  run: (portal, args) => refusing(async () => {
    const token = await revokeApiToken(portal.sequelize, await systemActor(), args[0]);
    console.log(`API token ${token.id} "${token.name}" revoked`);
  }),
};

export const tokenCommands: Command[] = [create, list, revoke];
