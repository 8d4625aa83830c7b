import type { Action, ActionContext, RecordActionResponse } from 'adminjs';
import { can, type ErasureOperation, type Operation, type ResourceId } from '../models/domain/policy.ts';
import type { Config } from '../models/config.ts';
import { ErasureCertificate, ErasureRequest } from '../models/index.ts';
import { approveRequest, dpoCaller, executeNow, rejectRequest } from '../services/erasure/requests.ts';
import { ErasureRefusal } from '../services/erasure/refusal.ts';
import { Refusal } from '../services/refusal.ts';
import { sessionActor } from './actor.ts';
import type { ScopedResource } from './scoped-resource.ts';

export const ERASURE_ROUTES = '/admin/erasure';

function allowed(resource: ResourceId, operation: Operation) {
  return ({ currentAdmin }: ActionContext) => {
    const actor = sessionActor(currentAdmin);
    return Boolean(actor && can(actor, resource, operation));
  };
}

type Step = (request: ErasureRequest, by: Awaited<ReturnType<typeof dpoCaller>>) => Promise<string | { redirectUrl: string }>;

/** A record action on an erasure request: authorized by the policy, refusals answered 409 with their reason, nothing changed. */
function step(operation: ErasureOperation, icon: string, run: Step, guard?: string): Partial<Action<RecordActionResponse>> {
  return {
    actionType: 'record',
    component: false,
    icon,
    guard,
    isAccessible: allowed('erasure_requests', operation),
    handler: async (_request, _response, context) => {
      const resource = context.resource as unknown as ScopedResource;
      const scope = await resource.authorize(context, operation);
      const { record, currentAdmin } = context;
      const request = record && await ErasureRequest.findByPk(Number(record.id()));
      if (!record || !request) throw new Error('The record must be loaded through the scoped resource first.');
      try {
        const outcome = await run(request, await dpoCaller({ userId: scope.actor.userId }));
        const fresh = await resource.findOne(String(request.id), context);
        return typeof outcome === 'string'
          ? { record: (fresh ?? record).toJSON(currentAdmin), notice: { message: outcome, type: 'success' } }
          : { record: (fresh ?? record).toJSON(currentAdmin), redirectUrl: outcome.redirectUrl };
      } catch (error) {
        // A step the request's state does not allow: 409 with the reason as the notice, nothing changed.
        if (error instanceof ErasureRefusal) throw new Refusal(409, error.message);
        throw error;
      }
    },
  };
}

/** Approve, reject, execute now, the certificate and the Art. 15 export, as actions on a request. */
export function erasureActions(config: Config): Record<string, Partial<Action<RecordActionResponse>>> {
  return {
    approve: step('approve', 'CheckCircle', async (request, by) => {
      const approved = await approveRequest(request.sequelize, request.id, by, { fourEyes: config.erasureFourEyes, graceDays: config.erasureGraceDays, now: new Date() });
      return `Approved; the worker executes it on ${approved.dueAt!.toISOString().slice(0, 10)} unless a DPO executes it now.`;
    }),
    reject: step('reject', 'XCircle', async (request, by) => {
      await rejectRequest(request.sequelize, request.id, by, new Date());
      return 'Rejected.';
    }),
    executeNow: step('execute', 'Trash2', async (request, by) => {
      await executeNow(request.sequelize, request.id, by, config.dataDir);
      return 'Executed; the certificate is ready.';
    }, 'Erase this subject now? Personal data is deleted or pseudonymized and cannot be restored.'),
    certificate: {
      ...step('execute', 'FileText', async (request) => {
        const certificate = await ErasureCertificate.findOne({ where: { requestId: request.id } });
        if (!certificate) throw new ErasureRefusal(`Erasure request ${request.id} has not been executed yet; there is no certificate.`);
        return { redirectUrl: `${ERASURE_ROUTES}/certificates/${certificate.id}/pdf` };
      }),
      isAccessible: allowed('erasure_certificates', 'read'),
    },
    export: step('export', 'Download', async (request) => {
      if (request.status === 'executed') throw new ErasureRefusal('This subject has been erased; nothing is held on it any more.');
      return { redirectUrl: `${ERASURE_ROUTES}/export?subject=${encodeURIComponent(request.subjectLabel)}` };
    }),
  };
}
