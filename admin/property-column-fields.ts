import type { BasePropertyJSON, CurrentAdmin } from 'adminjs';
import { sessionActor } from './actor.ts';
import { columnKey, propertyColumns } from '../services/property-columns.ts';

interface ResourceJson { id: string; listProperties?: BasePropertyJSON[]; filterProperties?: BasePropertyJSON[] }

/**
 * The organizations list as the page describes it to the browser, with the session actor's custom
 * property columns (services/property-columns.ts) after the listed fields and among the filters:
 * AdminJS knows a resource's properties once for everybody, while these columns are each partner's
 * own. Each is a plain text (or number) column named as its definition, sorted and filtered through
 * `custom_<id>` (admin/organization-resource.ts), which the list's rows carry.
 */
export async function withPropertyColumns<R extends ResourceJson>(resources: R[], currentAdmin: CurrentAdmin | undefined): Promise<R[]> {
  const actor = sessionActor(currentAdmin);
  const columns = actor ? await propertyColumns(actor) : [];
  if (columns.length === 0) return resources;
  return resources.map((resource) => {
    const template = resource.listProperties?.find((property) => property.type === 'string' && !property.isTitle);
    if (resource.id !== 'organizations' || !template) return resource;
    const fields: BasePropertyJSON[] = columns.map((column) => ({
      ...template,
      name: columnKey(column.definitionId), propertyPath: columnKey(column.definitionId), label: column.name,
      type: column.type === 'number' ? 'number' : 'string', isSortable: true, availableValues: null, description: undefined,
    }));
    return { ...resource, listProperties: [...(resource.listProperties ?? []), ...fields], filterProperties: [...(resource.filterProperties ?? []), ...fields] };
  });
}
