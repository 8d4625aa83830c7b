import type { ActionContext, ActionRequest, ParamsType, RecordActionResponse } from 'adminjs';
import type { Model, ModelStatic } from 'sequelize';
import { ScopedResource } from './scoped-resource.ts';
import { registerEndpoint, type WebhookSettings } from '../services/webhooks.ts';
import { msg, renderMessage } from '../templates/messages.ts';
import { adminLanguage } from './request-language.ts';

/** Registering an endpoint draws its signing secret (services/webhooks.ts), which the answer shows once. */
export class WebhookEndpointResource extends ScopedResource {
  constructor(model: ModelStatic<Model>, private readonly settings: () => Promise<WebhookSettings>) {
    super(model);
  }

  async create(params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    return registerEndpoint(this.db, await this.actor(context), this.input(params, context), await this.settings());
  }
}

/** An `after` hook of `new`: the secret in the notice, the only time anyone sees it. */
export function showSecretOnce(response: RecordActionResponse, request: ActionRequest, context: ActionContext): RecordActionResponse {
  const secret = response.record?.params?.secret;
  if (request.method !== 'post' || typeof secret !== 'string') return response;
  return { ...response, notice: { message: renderMessage(msg('endpointRegistered', { secret }), adminLanguage(context.currentAdmin)), type: 'success' } };
}
