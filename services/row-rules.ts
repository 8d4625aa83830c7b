/**
 * Rules that depend on the row being written, beyond the actor's field rules: checked by the
 * record services before anything is written. Each returns the refusal, or nothing.
 */
import { Op, type Transaction } from 'sequelize';
import { mayGrantRole, type Role } from '../models/domain/roles.ts';
import { isCustomerOrganization, type Actor, type ResourceId } from '../models/domain/policy.ts';
import { Membership } from '../models/index.ts';
import type { Reachable } from './reach.ts';
import { Refusal } from './refusal.ts';
import { msg, type Message } from '../templates/messages.ts';

type Row = Record<string, unknown>;

/** What a pseudonymous customer is not recorded with: the customer number is all there is. */
const PERSONAL_ORG_FIELDS = ['contactEmail', 'billingEmail', 'street', 'zip', 'city', 'country'];

/** Values that cannot stand together in the row as it would be after the write (`changed`: what the write sets). */
export function rowValueProblems(resource: ResourceId, after: Row, changed: Row = after): Record<string, Message> {
  const problems: Record<string, Message> = {};
  if (resource === 'organizations' && after.dataPolicy === 'pseudonymous') {
    for (const field of PERSONAL_ORG_FIELDS) {
      if (after[field] !== null && after[field] !== undefined && after[field] !== '') problems[field] = msg('pseudonymousField');
    }
  }
  // Customer organizations carry no billing address of their own: their billing goes to the partner
  // above them (Enginsight). Asked when the address or the views are written, so an address stored
  // before this rule does not block other edits.
  if (resource === 'organizations' && ('billingEmail' in changed || 'views' in changed) && isCustomerOrganization(after.views)
    && after.billingEmail !== null && after.billingEmail !== undefined && after.billingEmail !== '') {
    problems.billingEmail = msg('customerBilling');
  }
  if (resource === 'product_groups' || resource === 'product_group_grants') {
    // The database checks these across two columns and could not name the field.
    const min = after.minSeats ?? 1;
    if (typeof after.minSeats === 'number' && after.minSeats < 1) problems.minSeats = msg('atLeastOne');
    else if (typeof after.maxSeats === 'number' && typeof min === 'number' && after.maxSeats < min) problems.maxSeats = msg('atLeastMinSeats', { min });
  }
  if (resource === 'custom_property_definitions' && after.type !== undefined) {
    const listed = Array.isArray(after.choices) && after.choices.length > 0;
    if ((after.type === 'choice') !== listed) problems.choices = msg(after.type === 'choice' ? 'choicesListed' : 'choicesOnlyForChoice');
  }
  return problems;
}

/** Whether the actor may change or remove this existing row at all. */
export async function rowChangeRefusal(actor: Actor, reachable: Reachable, resource: ResourceId, current: Row, transaction?: Transaction): Promise<Refusal | null> {
  if (resource === 'memberships' && !mayGrantRole(actor.role, current.role as Role)) {
    return new Refusal(403, msg('higherRole'));
  }
  // A distributor changes or withdraws only the grants it passed on, never its own or the vendor's.
  if (resource === 'product_group_grants' && actor.view !== 'vendor' && Number(current.grantedById) !== actor.organizationId) {
    return new Refusal(403, msg('onlyGranterChanges'));
  }
  if (resource === 'users' && reachable !== 'all') {
    // An account that also belongs elsewhere is that other organization's too: here only its role
    // (membership) is managed, never the account itself.
    const elsewhere = await Membership.count({ where: { userId: current.id, organizationId: { [Op.notIn]: [...reachable] } }, transaction });
    if (elsewhere > 0) return new Refusal(403, msg('accountElsewhere'));
  }
  return null;
}

