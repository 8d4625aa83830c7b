import type { Sequelize } from 'sequelize';
import type { Express } from 'express';
import { login, type Agent } from './portal.ts';
import type { FieldKind } from './hostile-corpus.ts';
import type { Actor } from '../../models/domain/policy.ts';
import { resolveActor } from '../../models/actor-lookup.ts';
import { User } from '../../models/index.ts';

/** Picks the next value of a list, per key. */
export type Take = <T>(key: string, list: T[]) => T;

/**
 * Cycles through each list, so every value is sent somewhere without sending every value everywhere.
 * One rotation per caller keeps the sample the same from run to run; callers start apart.
 */
export function rotation(start: number): Take {
  const cursors = new Map<string, number>();
  return <T>(key: string, list: T[]): T => {
    const i = cursors.get(key) ?? start;
    cursors.set(key, i + 1);
    return list[i % list.length];
  };
}

export const kindKey = (kind: FieldKind) => (typeof kind === 'object' ? 'enum' : kind);

export interface Caller { email: string; agent: Agent; actor: Actor; take: Take }

/** Each e-mail logged in through the real form, in its first context, with its own rotation (`stride` apart). */
export function hostileCallers(app: Express, sequelize: Sequelize, emails: string[], stride: number): Promise<Caller[]> {
  return Promise.all(emails.map(async (email, index) => {
    const agent = await login(app, email);
    const { current } = (await agent.get('/admin/context')).body as { current: { organizationId: number; view: string } };
    const user = await User.findOne({ where: { email } });
    const actor = await resolveActor(sequelize, user!.id, current.organizationId, current.view);
    return { email, agent, actor: actor!, take: rotation(index * stride) };
  }));
}
