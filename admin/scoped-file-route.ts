import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { NextFunction, Request, Response } from 'express';
import type { Sequelize } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import type { DownloadFile } from '../services/files.ts';
import { currentActor } from './actor.ts';

/**
 * How a file is answered: saved (attachment), or shown in the panel's preview frame (inline). A
 * preview may be framed by the panel's own pages only: its answer allows `frame-ancestors 'self'`
 * (every other answer: 'none') and runs nothing (`default-src 'none'`; the browser's PDF viewer is
 * no script of the page). The panel's own policy is unchanged: its default-src 'self' lets it frame
 * its own origin and nothing else.
 */
export type Disposition = 'attachment' | 'inline';

const PREVIEW_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; object-src 'self'; frame-ancestors 'self'",
  'X-Frame-Options': 'SAMEORIGIN',
};

/** Sends a made file: a stream (a rendered PDF) piped as it is written, text or bytes as they are; saved, or shown in the preview frame. */
export async function sendFile(res: Response, file: DownloadFile, disposition: Disposition = 'attachment'): Promise<void> {
  res.set({ 'Content-Type': file.contentType, 'Content-Disposition': `${disposition}; filename="${file.fileName}"`, 'Cache-Control': 'no-store' });
  if (disposition === 'inline') res.set(PREVIEW_HEADERS);
  if (file.body instanceof Readable) await pipeline(file.body, res);
  else if (Buffer.isBuffer(file.body) || typeof file.body === 'string') res.send(file.body);
  else res.json(file.body);
}

/** A file route outside AdminJS: the service makes the file for the session's actor; refusals reach the panel's error handler. */
export function fileRoute(db: Sequelize, make: (actor: Actor, req: Request) => Promise<DownloadFile>, disposition: Disposition = 'attachment') {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await sendFile(res, await make(await currentActor(db, req.session?.adminUser), req), disposition);
    } catch (error) {
      next(error);
    }
  };
}
