import type { NextFunction, Request, Response } from 'express';
import type { Sequelize } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import { resolveActor } from '../models/actor-lookup.ts';
import type { DownloadFile } from '../services/files.ts';
import { Refusal } from '../services/refusal.ts';

/** The session's actor as the database says now: 401 without a session, 403 once its membership ended. */
export async function sessionActorOf(db: Sequelize, req: Request): Promise<Actor> {
  const admin = req.session?.adminUser;
  if (!admin) throw new Refusal(401, 'Log in first.');
  const actor = await resolveActor(db, admin.userId, admin.organizationId, admin.view);
  if (!actor) throw new Refusal(403, 'Your membership for this organization has ended. Choose another organization.');
  return actor;
}

/** A file route outside AdminJS: the service makes the file for the session's actor; refusals reach the panel's error handler. */
export function fileRoute(db: Sequelize, make: (actor: Actor, req: Request) => Promise<DownloadFile>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const file = await make(await sessionActorOf(db, req), req);
      res.set({ 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.fileName}"`, 'Cache-Control': 'no-store' });
      if (Buffer.isBuffer(file.body) || typeof file.body === 'string') res.send(file.body);
      else res.json(file.body);
    } catch (error) {
      next(error);
    }
  };
}
