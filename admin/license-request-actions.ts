import type { Action, RecordActionResponse } from 'adminjs';
import type { Sequelize } from 'sequelize';
import type { Config } from '../models/config.ts';
import { answerOffer, replySupport, requestOffer, requestSupport } from '../services/license-requests.ts';
import { requestAllowed } from '../models/domain/policy.ts';
import { threadSide } from '../models/domain/license-requests.ts';
import { operationAction } from './operation-action.ts';
import { msg } from '../templates/messages.ts';

type Actions = Record<string, Partial<Action<RecordActionResponse>>>;

/**
 * `requestOffer` and `requestSupport` on a license (field `message`), offered only on the licenses
 * they apply to; services/license-requests.ts decides (and checks the same again).
 */
export function licenseRequestActions(db: Sequelize, config: Config): Actions {
  return {
    requestOffer: operationAction({
      resource: 'licenses', operation: 'requestOffer', icon: 'ShoppingCart',
      appliesTo: (actor, params) => requestAllowed(actor, 'requestOffer', { organizationId: Number(params.organizationId) }),
      run: async (actor, id, payload) => {
        const offer = await requestOffer(db, actor, id, { message: payload.message }, config);
        return msg('offerSent', { id: offer.id });
      },
    }),
    requestSupport: operationAction({
      resource: 'licenses', operation: 'requestSupport', icon: 'LifeBuoy',
      appliesTo: (actor, params) => requestAllowed(actor, 'requestSupport', { organizationId: Number(params.organizationId) }),
      run: async (actor, id, payload) => {
        const opened = await requestSupport(db, actor, id, { message: payload.message });
        return msg('supportOpened', { id: opened.id });
      },
    }),
  };
}

/** Vendor sales answer an offer request (field `answer`). */
export function offerRequestActions(db: Sequelize, config: Config): Actions {
  return {
    answer: operationAction({
      resource: 'offer_requests', operation: 'answer', icon: 'Send',
      run: async (actor, id, payload) => {
        const { mailedTo } = await answerOffer(db, actor, id, { answer: payload.answer }, config);
        return msg('answerSaved', { mailedTo });
      },
    }),
  };
}

/** Either side of a support thread replies (field `message`); offered to the two sides and vendor staff only. */
export function supportMessageActions(db: Sequelize, config: Config): Actions {
  return {
    reply: operationAction({
      resource: 'support_messages', operation: 'reply', icon: 'MessageSquare',
      appliesTo: (actor, params) => threadSide(actor, { organizationId: Number(params.organizationId), handlerOrganizationId: Number(params.handlerOrganizationId) }) === null,
      run: async (actor, id, payload) => {
        const { row: reply, mailedTo } = await replySupport(db, actor, id, { message: payload.message }, config);
        return msg('replyAdded', { id: reply.id, thread: reply.threadId, mailedTo });
      },
    }),
  };
}
