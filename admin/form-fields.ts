import type { CurrentAdmin } from 'adminjs';
import { fieldsWritable, filledOnCreate, RESOURCES, type ResourceId } from '../models/domain/policy.ts';
import { sessionActor } from './actor.ts';

interface ResourceJson { id: string; editProperties?: Array<{ propertyPath: string }> }

/**
 * The resources as the panel's page describes them to the browser, each form (`new` and `edit`:
 * AdminJS's `editProperties`, one list for the resource whoever asks) holding only the fields the
 * session's actor may write there under its field rules (policy.ts fieldsWritable, create or
 * update). AdminJS's `isVisible` cannot ask who is looking; without this a reseller's license form
 * showed the vendor-only key, kind, status and expiry, which it could only have been refused (403).
 * Fields the actor's service fills in on create (policy.ts filledOnCreate) are not asked either.
 */
export function formsForActor<R extends ResourceJson>(resources: R[], currentAdmin: CurrentAdmin | undefined): R[] {
  const actor = sessionActor(currentAdmin);
  return resources.map((resource) => {
    if (!resource.editProperties || !(RESOURCES as readonly string[]).includes(resource.id)) return resource;
    const id = resource.id as ResourceId;
    const writable = new Set(actor ? [...fieldsWritable(actor, id, 'create'), ...fieldsWritable(actor, id, 'update')] : []);
    // What the actor's service fills in on create (a reseller's new customer: its views and parent) is not asked.
    for (const field of Object.keys(actor ? filledOnCreate(actor, id) : {})) writable.delete(field);
    return { ...resource, editProperties: resource.editProperties.filter((property) => writable.has(property.propertyPath)) };
  });
}
