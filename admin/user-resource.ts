import type { ActionContext, ParamsType } from 'adminjs';
import { ScopedResource } from './scoped-resource.ts';
import { createAccount } from '../services/accounts.ts';

/**
 * Users are reached through memberships, so a new account is created together with the membership
 * that puts it inside the creator's reach (input fields organizationId and role) and an initial
 * password the user must replace at the first login (services/accounts.ts).
 */
export class UserResource extends ScopedResource {
  async create(params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    return createAccount(this.db, await this.actor(context), this.input(params, context));
  }
}
