import { ValidationError, type ParamsType } from 'adminjs';
import { ScopedResource, type Scope } from './scoped-resource.ts';
import { Membership, User } from '../models/index.ts';
import { hashPassword, passwordProblem } from '../models/passwords.ts';

function invalid(field: string, message: string): ValidationError {
  return new ValidationError({ [field]: { message, type: 'invalid' } }, { message });
}

/**
 * Users are reached through memberships, so a new user is created together with the membership
 * that puts them inside the creator's reach (virtual fields organizationId and role), and a
 * password arrives as plain text only to be hashed here.
 */
export class UserResource extends ScopedResource {
  protected values(params: ParamsType, scope: Scope): Record<string, unknown> {
    const values = super.values(params, scope);
    delete values.passwordHash;
    delete values.lastLoginAt;
    return values;
  }

  protected async withHashedPassword(values: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { password, ...rest } = values;
    if (password === undefined || password === null || password === '') return rest;
    const problem = passwordProblem(password);
    if (problem) throw invalid('password', problem);
    return { ...rest, passwordHash: await hashPassword(String(password)) };
  }

  protected async insert(values: Record<string, unknown>, scope: Scope): Promise<ParamsType> {
    const { organizationId, role, ...userValues } = await this.withHashedPassword(values);
    const needsMembership = scope.actor.view !== 'vendor' || organizationId !== undefined;
    if (needsMembership && (organizationId === undefined || organizationId === null || role === undefined)) {
      throw invalid('organizationId', 'Choose the organization and role of the new user.');
    }
    const user = await this.db.transaction(async (transaction) => {
      const created = await User.create(userValues, { transaction });
      if (needsMembership) await Membership.create({ userId: created.id, organizationId, role }, { transaction });
      return created;
    });
    const json = user.toJSON() as Record<string, unknown>;
    await this.audit(scope, 'create', { ...json, organizationId }, Object.keys(userValues).filter((k) => k !== 'passwordHash'));
    for (const field of scope.hidden) delete json[field];
    return json;
  }

  protected async store(id: string, values: Record<string, unknown>, scope: Scope): Promise<ParamsType> {
    const { organizationId: _org, role: _role, ...rest } = values;
    return super.store(id, await this.withHashedPassword(rest), scope);
  }
}
