import type { Action, ActionContext, ActionRequest, ParamsType, RecordActionResponse } from 'adminjs';
import type { Model, ModelStatic } from 'sequelize';
import type { Config } from '../models/config.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { createApiToken, revokeApiToken } from '../services/api-tokens.ts';
import { ScopedResource } from './scoped-resource.ts';
import { operationAction } from './operation-action.ts';
import { msg, renderMessage } from '../templates/messages.ts';
import { adminLanguage } from './request-language.ts';

/**
 * Creating an API token (services/api-tokens.ts) in the organization and view the admin acts in.
 * The token travels once, from create to the `new` action's answer (showTokenOnce), and is stored
 * nowhere but as its hash.
 */
export class ApiTokenResource extends ScopedResource {
  constructor(model: ModelStatic<Model>, private readonly config: Config) {
    super(model);
  }

  async create(params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    const { row, token } = await createApiToken(this.db, await this.actor(context), this.input(params, context), { today: calendarDateIn(new Date(), this.config.timezone) });
    return { ...row, token };
  }
}

/** An `after` hook of `new`: the token moves from the record into the notice, the one place it is shown. */
export async function showTokenOnce(response: RecordActionResponse, _request: ActionRequest, context: ActionContext): Promise<RecordActionResponse> {
  const params = response.record?.params as Record<string, unknown> | undefined;
  if (typeof params?.token !== 'string') return response;
  const token = params.token;
  delete params.token;
  return { ...response, token, notice: { message: renderMessage(msg('tokenShownOnce', { token }), adminLanguage(context.currentAdmin)), type: 'success' } };
}

export function apiTokenActions(resource: ApiTokenResource): Record<string, Partial<Action<RecordActionResponse>>> {
  const db = resource.model.sequelize!;
  return {
    revoke: operationAction({
      resource: 'api_tokens', operation: 'revoke', icon: 'XCircle',
      guard: 'revokeApiToken',
      appliesTo: (_actor, params) => !params.revokedAt,
      run: async (actor, id) => {
        const token = await revokeApiToken(db, actor, id);
        return msg('tokenRevokedNotice', { name: token.name });
      },
    }),
  };
}
