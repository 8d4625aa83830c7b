import { once } from 'node:events';
import fs from 'node:fs/promises';
import type { WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import type { Request, RequestHandler, Response } from 'express';
import { msg, renderMessage, type Message } from '../templates/messages.ts';
import type { UploadKind } from '../templates/messages-en.ts';
import { sendRefusal } from './refusal-json.ts';

// The formidable that express-formidable (and so @adminjs/express) parses with.
const requireFromExpress = createRequire(createRequire(import.meta.url).resolve('express-formidable'));
const { IncomingForm } = requireFromExpress('formidable') as { IncomingForm: { prototype: FormMethods } };

const MB = 1024 * 1024;
/** JSON, urlencoded and a multipart form's text fields, on every route under /admin and /register. */
export const BODY_LIMIT = 1 * MB;
/** What a refused body may still send, read and discarded, before its connection is closed. */
const DRAIN_LIMIT = 64 * MB;

interface FileRoute { path: RegExp; field: string; maxFileSize: number; what: UploadKind }

/**
 * The only routes that take files, each in one field and up to its own size. Every other route
 * refuses a file part before a byte of it is written. Paths as Express sees them (case-insensitive).
 */
export const FILE_ROUTES: readonly FileRoute[] = [
  { path: /^\/admin\/api\/resources\/organizations\/records\/[^/]+\/uploadLogo\/?$/i, field: 'logo', maxFileSize: 1 * MB, what: 'logo' },
  { path: /^\/admin\/api\/resources\/organizations\/actions\/import\/?$/i, field: 'document', maxFileSize: 20 * MB, what: 'document' },
];

const megabytes = (bytes: number) => `${bytes / MB} MB`;

/** A body refused while it is read: the status and what the caller reads, in its language (admin/refusal-json.ts). */
export class BodyRefusal extends Error {
  constructor(readonly status: number, readonly text: Message) { super(renderMessage(text)); }
}

function routeOf(req: Request): FileRoute | undefined {
  const path = req.baseUrl + req.path;
  return FILE_ROUTES.find((route) => route.path.test(path));
}

/** The largest body a route takes: its file plus 1 MB of other fields, or 1 MB. */
function bodyLimitOf(route: FileRoute | undefined): number {
  return BODY_LIMIT + (route?.maxFileSize ?? 0);
}

function tooLarge(route: FileRoute | undefined): BodyRefusal {
  return new BodyRefusal(413, route
    ? msg('requestTooLarge', { what: route.what, max: megabytes(route.maxFileSize), field: route.field, others: megabytes(BODY_LIMIT) })
    : msg('bodyTooLarge', { max: megabytes(BODY_LIMIT) }));
}

/**
 * Refuses a body whose declared length is beyond the route's limit, before anything reads it or
 * asks who is calling (mounted first, under /admin and /register). A body without a declared
 * length is measured while it streams in, by the parser (uploadLimits) or by express's own.
 */
export const declaredBodyLimit: RequestHandler = (req, res, next) => {
  const declared = Number(req.headers['content-length'] ?? 0);
  const route = routeOf(req);
  if (!(declared > bodyLimitOf(route))) return next();
  // Node reads and discards an unread body after the response; a huge one is cut off instead.
  if (declared > DRAIN_LIMIT) res.set('Connection', 'close');
  const refusal = tooLarge(route);
  sendRefusal(req, res, refusal.status, refusal.text);
};

/** After a refusal the rest of the body is discarded as it arrives; beyond DRAIN_LIMIT the connection is closed. */
export function drainRefusedBody(req: Request): void {
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT) req.socket.destroy();
  });
  req.resume();
}

interface FormidableFile { path: string; _writeStream: WriteStream | null }
interface Part { name: string | null; filename?: string }
interface FormMethods {
  write(buffer: Buffer): number | undefined;
  handlePart(part: Part): void;
  _error(error: unknown): void;
}
interface Form extends FormMethods {
  error: unknown;
  bytesReceived: number | null;
  openedFiles: FormidableFile[];
}

/** Closes a file formidable may still be writing (or opening), then deletes it. */
async function removeFile(file: FormidableFile): Promise<void> {
  const stream = file._writeStream;
  if (stream && !stream.closed) {
    const closed = once(stream, 'close').catch(() => undefined);
    stream.destroy();
    await closed;
  }
  await fs.rm(file.path, { force: true });
}

/**
 * The options express-formidable copies onto its form for this request, which make the parser:
 * - stop at the route's body limit while the body streams in (413), JSON and urlencoded included;
 * - keep text fields to 1 MB and the file to the route's own limit (413, formidable's own checks);
 * - take a file part only on a file route, in its field, once, and only from a logged-in session
 *   (413 elsewhere, 401 before login): no byte of a refused file reaches the disk;
 * - refuse application/octet-stream (415), which formidable would write to a file of its own.
 * Every file it opens for this request is deleted when the response has finished or the connection
 * has closed, success or error: the upload folder holds files only while a request runs.
 */
export function uploadLimits(req: Request & { session?: { adminUser?: unknown } }, res: Response, uploadDir: string): object {
  const route = routeOf(req);
  const limit = bodyLimitOf(route);
  let files: FormidableFile[] = [];
  let done = false;
  const cleanUp = () => {
    if (done) return;
    done = true;
    void Promise.all(files.map((file) => removeFile(file).catch((error) => console.error('upload not removed:', error))));
  };
  res.once('finish', cleanUp);
  res.once('close', cleanUp);

  const fileProblem = (form: Form, part: Part): BodyRefusal | null => {
    if (done) return new BodyRefusal(400, msg('requestEnded'));
    if (!route) return new BodyRefusal(413, msg('noFilesHere'));
    if (part.name !== route.field) return new BodyRefusal(400, msg('fileAsField', { field: route.field }));
    if (!req.session?.adminUser) return new BodyRefusal(401, msg('logInToUpload'));
    if (form.openedFiles.length > 0) return new BodyRefusal(400, msg('oneFileAsField', { field: route.field }));
    return null;
  };

  return {
    uploadDir,
    maxFieldsSize: BODY_LIMIT,
    // A route without files refuses the part before formidable counts it against this.
    maxFileSize: route?.maxFileSize ?? 0,
    write(this: Form, buffer: Buffer) {
      if (!this.error && (this.bytesReceived ?? 0) + buffer.length > limit) {
        this._error(tooLarge(route));
        return 0;
      }
      return IncomingForm.prototype.write.call(this, buffer);
    },
    onPart(this: Form, part: Part) {
      if (this.error) return;
      // formidable: a part without a filename (undefined, not '') is a text field.
      if (part.filename === undefined) return this.handlePart(part);
      const problem = fileProblem(this, part);
      if (problem) return this._error(problem);
      files = this.openedFiles;
      this.handlePart(part);
    },
    _initOctetStream(this: Form) {
      this._error(new BodyRefusal(415, msg('sendMultipartForm')));
    },
    _error(this: Form, error: unknown) {
      const message = error instanceof Error ? error.message : '';
      const mapped = message.startsWith('maxFileSize exceeded') && route
        ? new BodyRefusal(413, msg('fileTooLarge', { what: route.what, max: megabytes(route.maxFileSize) }))
        : message.startsWith('maxFieldsSize exceeded')
          ? new BodyRefusal(413, msg('formFieldsTooLarge', { max: megabytes(BODY_LIMIT) }))
          : error;
      IncomingForm.prototype._error.call(this, mapped);
    },
  };
}
