import type { Request, Response } from 'express';
import type { ActionContext, BaseRecord } from 'adminjs';
import type { Operation } from '../models/domain/policy.ts';
import type { ScopedResource, Scope } from './scoped-resource.ts';

export const sessionContext = (req: Request) => ({ currentAdmin: req.session?.adminUser }) as unknown as ActionContext;

/**
 * For file routes outside AdminJS: the record as the session's user reaches it through the scoped
 * resource. Answers 401/403/404 itself and returns null; a record out of reach is a 404 exactly
 * like one that does not exist.
 */
export async function scopedRecord(resource: ScopedResource, req: Request, res: Response, operation: Operation, refusal: string): Promise<{ scope: Scope; record: BaseRecord } | null> {
  if (!req.session?.adminUser) {
    res.status(401).json({ error: 'Log in first.' });
    return null;
  }
  const context = sessionContext(req);
  const scope = await resource.authorize(context, operation).catch(() => null);
  if (!scope) {
    res.status(403).json({ error: refusal });
    return null;
  }
  const record = await resource.findOne(String(req.params.id), context).catch((error: Error) => {
    if (error.name === 'NotFoundError') return null;
    throw error;
  });
  if (!record) {
    res.status(404).json({ error: 'This record cannot be found.' });
    return null;
  }
  return { scope, record };
}

export function sendDownload(res: Response, contentType: string, fileName: string, body: Buffer | string): void {
  res.set({
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'no-store',
  }).send(body);
}
