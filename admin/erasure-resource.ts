import { ValidationError, type ActionContext, type ParamsType } from 'adminjs';
import { ScopedResource } from './scoped-resource.ts';
import { dpoCaller, fileRequest } from '../services/erasure/requests.ts';
import { ErasureRefusal } from '../services/erasure/refusal.ts';

/** Refusals of the erasure workflow as a form error on the field they concern. */
export function asValidationError(error: unknown, field: string): unknown {
  if (!(error instanceof ErasureRefusal)) return error;
  return new ValidationError({ [field]: { message: error.message, type: 'refused' } }, { message: error.message });
}

/**
 * A new erasure request takes only the subject (org:<ref> or user:<e-mail>, in `subjectLabel`) and
 * the reason; status, approvals and dates belong to the workflow, never to a form.
 */
export class ErasureRequestResource extends ScopedResource {
  async create(params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    const scope = await this.authorize(context, 'create');
    try {
      const by = await dpoCaller({ userId: scope.actor.userId });
      const request = await fileRequest(this.db, { subject: String(params.subjectLabel ?? ''), reason: String(params.reason ?? ''), by });
      return request.toJSON();
    } catch (error) {
      throw asValidationError(error, 'subjectLabel');
    }
  }
}
