import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Refusal } from '../services/refusal.ts';
import { msg } from '../templates/messages.ts';

// The File class of the formidable that @adminjs/express parses uploads with: a JSON body can
// carry an object that looks like an upload ({"path": "/etc/passwd"}), but never one of these.
const requireFromExpress = createRequire(createRequire(import.meta.url).resolve('express-formidable'));
const FormidableFile = requireFromExpress('formidable/lib/file.js') as new () => object;

/** The private folder the multipart parser stores this process's uploads in (0700, inside DATA_DIR). */
export function uploadDirectory(dataDir: string): string {
  const dir = path.join(dataDir, 'uploads');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return dir;
}

/** An upload older than this belongs to no request still running: its process died before deleting it. */
export const STALE_UPLOAD_MS = 60 * 60 * 1000;

/**
 * Deletes what a crashed panel process left in the upload folder (a request's files are deleted
 * when its response ends, which a killed process never reaches). Run at panel start; only files
 * older than STALE_UPLOAD_MS go, since another panel on the same DATA_DIR may be receiving one now.
 * Returns how many were deleted.
 */
export async function sweepStaleUploads(uploadDir: string, now = Date.now()): Promise<number> {
  let swept = 0;
  for (const entry of await fs.promises.readdir(uploadDir, { withFileTypes: true })) {
    if (entry.isDirectory()) continue; // the parser writes files only
    const file = path.join(uploadDir, entry.name);
    const stat = await fs.promises.lstat(file).catch(() => null); // gone meanwhile: its request ended
    if (!stat || now - stat.mtimeMs < STALE_UPLOAD_MS) continue;
    await fs.promises.rm(file, { force: true });
    swept += 1;
  }
  return swept;
}

/** Whether a payload value is a file the multipart parser received (not an object from a JSON body). */
export function isUpload(value: unknown): boolean {
  return value instanceof FormidableFile;
}

/**
 * The temporary path of a file the multipart parser stored for this request, or null when the
 * field is empty. Anything else posing as a file (an object from a JSON body, a path outside the
 * upload folder) is refused before a byte is read.
 */
export function uploadedFilePath(value: unknown, uploadDir: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  const file = value as { path?: unknown };
  const inFolder = typeof file.path === 'string' && path.dirname(path.resolve(file.path)) === path.resolve(uploadDir);
  if (!isUpload(value) || !inFolder) throw new Refusal(400, msg('sendMultipart'));
  return file.path as string;
}
