import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { NextFunction, Request, Response } from 'express';
import type { Sequelize } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import type { DownloadFile } from '../services/files.ts';
import { currentActor } from './actor.ts';

/** Sends a made file as a download: a stream (a rendered PDF) piped as it is written, text or bytes as they are. */
export async function sendFile(res: Response, file: DownloadFile): Promise<void> {
  res.set({ 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.fileName}"`, 'Cache-Control': 'no-store' });
  if (file.body instanceof Readable) await pipeline(file.body, res);
  else if (Buffer.isBuffer(file.body) || typeof file.body === 'string') res.send(file.body);
  else res.json(file.body);
}

/** A file route outside AdminJS: the service makes the file for the session's actor; refusals reach the panel's error handler. */
export function fileRoute(db: Sequelize, make: (actor: Actor, req: Request) => Promise<DownloadFile>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await sendFile(res, await make(await currentActor(db, req.session?.adminUser), req));
    } catch (error) {
      next(error);
    }
  };
}
