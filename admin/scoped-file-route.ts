import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { NextFunction, Request, Response } from 'express';
import type { Sequelize } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import type { DownloadFile } from '../services/files.ts';
import { currentActor } from './actor.ts';

/** A file route outside AdminJS: the service makes the file for the session's actor; refusals reach the panel's error handler. */
export function fileRoute(db: Sequelize, make: (actor: Actor, req: Request) => Promise<DownloadFile>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const file = await make(await currentActor(db, req.session?.adminUser), req);
      res.set({ 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.fileName}"`, 'Cache-Control': 'no-store' });
      if (file.body instanceof Readable) await pipeline(file.body, res);
      else if (Buffer.isBuffer(file.body) || typeof file.body === 'string') res.send(file.body);
      else res.json(file.body);
    } catch (error) {
      next(error);
    }
  };
}
