import type { ActionContext, ParamsType } from 'adminjs';
import { ScopedResource } from './scoped-resource.ts';
import { dpoCaller, fileRequest } from '../services/erasure/requests.ts';
import { ErasureRefusal } from '../services/erasure/refusal.ts';
import { prepareWrite } from '../services/records.ts';
import { Refusal } from '../services/refusal.ts';


/**
 * A new erasure request takes only the subject (org:<ref> or user:<e-mail>, in `subjectLabel`) and
 * the reason; status, approvals and dates belong to the workflow, never to a form (any other field
 * is refused by the field rules before the request is filed).
 */
export class ErasureRequestResource extends ScopedResource {
  async create(params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    const actor = await this.actor(context);
    const input = this.input(params, context);
    await prepareWrite(this.db, actor, 'erasure_requests', 'create', input, { setByService: ['subjectKind', 'subjectId'] });
    try {
      const request = await fileRequest(this.db, { subject: String(input.subjectLabel ?? ''), reason: String(input.reason ?? ''), by: await dpoCaller({ userId: actor.userId }) });
      return request.toJSON();
    } catch (error) {
      throw error instanceof ErasureRefusal ? Refusal.ofFields(422, { subjectLabel: error.text }) : error;
    }
  }
}
