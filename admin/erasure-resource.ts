import { ValidationError, type ActionContext, type ParamsType } from 'adminjs';
import { ScopedResource } from './scoped-resource.ts';
import { dpoCaller, fileRequest } from '../services/erasure/requests.ts';
import { ErasureRefusal } from '../services/erasure/refusal.ts';
import { checkField } from '../services/field-input.ts';
import { Refusal } from '../services/refusal.ts';

/** Refusals of the erasure workflow as a form error on the field they concern. */
export function asValidationError(error: unknown, field: string): unknown {
  if (!(error instanceof ErasureRefusal)) return error;
  return new ValidationError({ [field]: { message: error.message, type: 'refused' } }, { message: error.message });
}

const REQUEST_FIELDS = ['subjectLabel', 'reason'] as const;

/**
 * A new erasure request takes only the subject (org:<ref> or user:<e-mail>, in `subjectLabel`) and
 * the reason; status, approvals and dates belong to the workflow, never to a form.
 */
export class ErasureRequestResource extends ScopedResource {
  async create(params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    const scope = await this.authorize(context, 'create');
    const input = this.input(params, context);
    // Like any other write (services/records.ts prepareWrite): a field outside the form is refused, not ignored.
    const outside = Object.entries(input).filter(([field, value]) => !(REQUEST_FIELDS as readonly string[]).includes(field)
      && !['id', 'createdAt', 'updatedAt'].includes(field) && value !== undefined && value !== null && value !== '');
    if (outside.length > 0) throw Refusal.ofFields(403, Object.fromEntries(outside.map(([field]) => [field, 'is set by the workflow, not by a form.'])));
    // Both are text: checked like any field (type, length, control characters) before the workflow reads them.
    const problems: Record<string, string> = {};
    const text: Record<string, string> = {};
    for (const field of REQUEST_FIELDS) {
      const checked = checkField(this.model, 'erasure_requests', field, input[field]);
      if (!checked.ok) problems[field] = checked.problem;
      else text[field] = typeof checked.value === 'string' ? checked.value : '';
    }
    if (Object.keys(problems).length > 0) throw Refusal.ofFields(422, problems);
    try {
      const by = await dpoCaller({ userId: scope.actor.userId });
      const request = await fileRequest(this.db, { subject: text.subjectLabel, reason: text.reason, by });
      return request.toJSON();
    } catch (error) {
      throw asValidationError(error, 'subjectLabel');
    }
  }
}
