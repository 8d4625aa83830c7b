import type { ActionContext, ParamsType } from 'adminjs';
import type { Model, ModelStatic } from 'sequelize';
import { ScopedResource } from './scoped-resource.ts';
import type { Config } from '../models/config.ts';
import { inviteMember } from '../services/invitations.ts';

/** Creating an invitation mails its registration link (services/invitations.ts). */
export class InvitationResource extends ScopedResource {
  constructor(model: ModelStatic<Model>, private readonly config: Config) {
    super(model);
  }

  async create(params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    return inviteMember(this.db, await this.actor(context), this.input(params, context), this.config);
  }
}
