import type { Action, RecordActionResponse } from 'adminjs';
import type { Sequelize } from 'sequelize';
import type { Actor, ErasureOperation, Operation, ResourceId } from '../models/domain/policy.ts';
import type { Config } from '../models/config.ts';
import { ErasureCertificate, type ErasureRequest } from '../models/index.ts';
import { approveRequest, dpoCaller, executeNow, rejectRequest } from '../services/erasure/requests.ts';
import { ErasureRefusal } from '../services/erasure/refusal.ts';
import { authorize, findInScope } from '../services/reach.ts';
import { notFound } from '../services/refusal.ts';
import { operationAction, type Outcome } from './operation-action.ts';
import { msg } from '../templates/messages.ts';
import type { Question } from '../templates/panel-texts.ts';

export const ERASURE_ROUTES = '/admin/erasure';

type Step = (request: ErasureRequest, by: Awaited<ReturnType<typeof dpoCaller>>) => Promise<Outcome>;

/**
 * A record action on an erasure request: the policy allows the step, the request is looked up in
 * the DPO's reach, the workflow (services/erasure/requests.ts) decides; its refusals answer 409.
 */
function step(db: Sequelize, operation: ErasureOperation | 'read', icon: string, run: Step, options: { guard?: Question; resource?: ResourceId } = {}): Partial<Action<RecordActionResponse>> {
  const resource = options.resource ?? 'erasure_requests';
  return operationAction({
    resource, operation: operation as Operation, icon, guard: options.guard,
    run: async (actor: Actor, id) => {
      const request = await findInScope(await authorize(db, actor, 'erasure_requests', 'read'), 'erasure_requests', id) as ErasureRequest | null;
      if (!request) throw notFound(msg('record', { resource: 'erasure_requests', id: id }));
      await authorize(db, actor, resource, operation as Operation);
      return run(request, await dpoCaller({ userId: actor.userId }));
    },
  });
}

/** The certificate of an executed request: its download, or its inline preview in the panel. */
function certificateAction(db: Sequelize, icon: string, target: 'pdf' | 'preview'): Partial<Action<RecordActionResponse>> {
  return step(db, 'read', icon, async (request) => {
    const certificate = await ErasureCertificate.findOne({ where: { requestId: request.id } });
    if (!certificate) throw new ErasureRefusal(msg('notExecutedYet', { id: request.id }));
    const url = `${ERASURE_ROUTES}/certificates/${certificate.id}/${target}`;
    return target === 'preview' ? { preview: url } : { redirectUrl: url };
  }, { resource: 'erasure_certificates' });
}

/** Approve, reject, execute now, the certificate and the Art. 15 export, as actions on a request. */
export function erasureActions(db: Sequelize, config: Config): Record<string, Partial<Action<RecordActionResponse>>> {
  return {
    approve: step(db, 'approve', 'CheckCircle', async (request, by) => {
      const approved = await approveRequest(db, request.id, by, { fourEyes: config.erasureFourEyes, graceDays: config.erasureGraceDays, now: new Date() });
      return msg('erasureApproved', { due: approved.dueAt!.toISOString().slice(0, 10) });
    }),
    reject: step(db, 'reject', 'XCircle', async (request, by) => {
      await rejectRequest(db, request.id, by, new Date());
      return msg('erasureRejected');
    }),
    executeNow: step(db, 'execute', 'Trash2', async (request, by) => {
      await executeNow(db, request.id, by, config.dataDir);
      return msg('erasureExecuted');
    }, { guard: 'executeErasure' }),
    certificate: certificateAction(db, 'FileText', 'pdf'),
    previewCertificate: certificateAction(db, 'Eye', 'preview'),
    export: step(db, 'export', 'Download', async (request) => {
      if (request.status === 'executed') throw new ErasureRefusal(msg('subjectErased'));
      return { redirectUrl: `${ERASURE_ROUTES}/export?subject=${encodeURIComponent(request.subjectLabel)}` };
    }),
  };
}
