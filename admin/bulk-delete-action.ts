import { NotFoundError, type Action, type ActionContext, type ActionRequest, type BulkActionResponse } from 'adminjs';
import type { ScopedResource } from './scoped-resource.ts';

/**
 * AdminJS's bulkDelete deletes each record in a transaction of its own: when one of them is
 * refused (still in use), the others are gone while the answer is a refusal. Here the records
 * go in one transaction (ScopedResource#deleteMany): all of them, or none and a 4xx.
 */
export const bulkDeleteHandler: Action<BulkActionResponse>['handler'] = async (request: ActionRequest, _response: unknown, context: ActionContext) => {
  const { records, currentAdmin, h } = context;
  const resource = context.resource as unknown as ScopedResource;
  if (!records || records.length === 0) throw new NotFoundError('no records were selected.', 'Action#handler');
  const listed = records.map((record) => record.toJSON(currentAdmin));
  if (request.method !== 'post') return { records: listed };
  await resource.deleteMany(records.map((record) => String(record.id())), context);
  return {
    records: listed,
    notice: {
      message: records.length > 1 ? 'successfullyBulkDeleted_plural' : 'successfullyBulkDeleted',
      options: { count: records.length },
      resourceId: resource.id(),
      type: 'success',
    },
    redirectUrl: h.resourceUrl({ resourceId: resource.id() }),
  };
};
