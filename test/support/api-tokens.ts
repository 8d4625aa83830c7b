import supertest from 'supertest';
import type { Express } from 'express';
import type { Sequelize } from 'sequelize';
import { Organization, User } from '../../models/index.ts';
import { resolveActor } from '../../models/actor-lookup.ts';
import { calendarDateIn } from '../../models/domain/vendor-time.ts';
import type { ApiTokenRole } from '../../models/domain/values.ts';
import { createApiToken } from '../../services/api-tokens.ts';

export interface IssuedToken { id: number; token: string }

let counter = 0;

/** A token made through the service, as the demo admin `email` acting for `orgRef` in `view` would make it in the panel. */
export async function issueToken(db: Sequelize, timeZone: string, email: string, orgRef: string, view: string, role: ApiTokenRole = 'member'): Promise<IssuedToken> {
  const user = await User.findOne({ where: { email } });
  const organization = await Organization.findOne({ where: { ref: orgRef } });
  const actor = user && organization && await resolveActor(db, user.id, organization.id, view);
  if (!actor) throw new Error(`${email} does not act for ${orgRef} as ${view}`);
  const { row, token } = await createApiToken(db, actor, { name: `test token ${++counter}`, role }, { today: calendarDateIn(new Date(), timeZone) });
  return { id: Number(row.id), token };
}

/** Requests to the REST API with a bearer token (none: `null`). */
export function apiClient(app: Express, token: string | null) {
  const auth = (test: supertest.Test) => (token === null ? test : test.set('Authorization', `Bearer ${token}`));
  return {
    get: (path: string) => auth(supertest(app).get(`/api/v1${path}`)),
    post: (path: string) => auth(supertest(app).post(`/api/v1${path}`)),
  };
}
