/**
 * A partner's custom properties as columns (LineMetrics): the definitions a channel organization
 * made are columns of its customer list (admin/organization-resource.ts) and of its license report
 * (services/license-report.ts). Only the defining organization's own view shows them, so another
 * partner (or one above it) never sees them; a customer sees the columns its partner (the
 * organization directly above it) marked `visibleToCustomer`, filled with its own values only. The
 * values are read through the policy's scope of custom_property_values, which gives a customer the
 * values of such marked properties only.
 */
import { Op } from 'sequelize';
import { CHANNEL_VIEWS, can, type Actor } from '../models/domain/policy.ts';
import { CustomPropertyDefinition, CustomPropertyValue, Organization } from '../models/index.ts';
import type { PropertyType } from '../models/custom-property.ts';
import { scopeFor, type Reachable } from './reach.ts';

export interface PropertyColumn { definitionId: number; name: string; type: PropertyType }

/** The key a column's value has on an organization's row in the panel's list (`custom_<definition id>`). */
export const columnKey = (definitionId: number) => `custom_${definitionId}`;

export async function propertyColumns(actor: Actor): Promise<PropertyColumn[]> {
  if (!can(actor, 'custom_property_values', 'read')) return [];
  let where;
  if ((CHANNEL_VIEWS as readonly string[]).includes(actor.view)) {
    where = { organizationId: actor.organizationId };
  } else if (actor.view === 'customer') {
    const own = await Organization.findByPk(actor.organizationId, { attributes: ['parentId'] });
    if (!own?.parentId) return [];
    where = { organizationId: own.parentId, visibleToCustomer: true };
  } else {
    return [];
  }
  const definitions = await CustomPropertyDefinition.findAll({ where, order: [['id', 'ASC']] });
  return definitions.map((d) => ({ definitionId: d.id, name: d.name, type: d.type }));
}

/** Per organization, the values of `columns` the actor may read (definition id → value). */
export async function propertyValues(actor: Actor, reachable: Reachable, columns: PropertyColumn[], organizationIds: number[]): Promise<Map<number, Map<number, string | null>>> {
  const byOrganization = new Map<number, Map<number, string | null>>();
  if (columns.length === 0 || organizationIds.length === 0) return byOrganization;
  const scope = scopeFor(actor, reachable, 'custom_property_values');
  const values = await CustomPropertyValue.findAll({
    where: { [Op.and]: [scope.where, { definitionId: { [Op.in]: columns.map((c) => c.definitionId) }, organizationId: { [Op.in]: organizationIds } }] },
  });
  for (const value of values) {
    if (!byOrganization.has(value.organizationId)) byOrganization.set(value.organizationId, new Map());
    byOrganization.get(value.organizationId)!.set(value.definitionId, value.value);
  }
  return byOrganization;
}

/** The column's definition, if it is one of the actor's columns (a foreign or unknown id is none). */
export function columnOf(columns: PropertyColumn[], key: string): PropertyColumn | undefined {
  const match = /^custom_(\d+)$/.exec(key);
  return match ? columns.find((c) => c.definitionId === Number(match[1])) : undefined;
}
