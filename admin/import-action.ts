import fs from 'node:fs/promises';
import type { Action, ActionResponse } from 'adminjs';
import type { Sequelize } from 'sequelize';
import { parseImportJson } from '../models/domain/import-document.ts';
import { importDocument } from '../services/erp-import.ts';
import { resourceOperationAction } from './operation-action.ts';
import { Refusal } from '../services/refusal.ts';
import { isUpload, uploadedFilePath } from './uploaded-file.ts';
import { msg } from '../templates/messages.ts';

/** The document from the request: JSON text, an uploaded file (express-formidable), or a JSON body's object. */
async function documentFrom(payload: Record<string, unknown> | undefined, uploadDir: string): Promise<{ ok: true; json: unknown } | { ok: false; error: string } | null> {
  const value = payload?.document;
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return parseImportJson(value);
  // An object from a JSON body is the document itself (never read as a file); an upload is read from the upload folder.
  if (isUpload(value)) return parseImportJson(await fs.readFile(uploadedFilePath(value, uploadDir)!, 'utf8'));
  return { ok: true, json: value };
}

/** The ERP import as a resource action of organizations, for the vendor staff the policy allows. */
export function importAction(db: Sequelize, uploadDir: string): Partial<Action<ActionResponse>> {
  return resourceOperationAction({
    resource: 'organizations', operation: 'import', icon: 'Upload',
    run: async (actor, request, say) => {
      if (request.method !== 'post') return { notice: { message: say(msg('importHowTo')), type: 'info' } };
      // Refused documents answer 422 with every problem listed (apiErrors: notice and errors), nothing written.
      const parsed = await documentFrom(request.payload, uploadDir);
      if (!parsed) throw new Refusal(422, msg('documentRequired'), { document: msg('required') });
      if (!parsed.ok) throw new Refusal(422, msg('documentIs', { problem: parsed.error }), { document: msg('documentProblem', { text: parsed.error }) }, [msg('documentProblem', { text: parsed.error })]);
      const result = await importDocument(db, actor, parsed.json);
      if (!result.ok) {
        throw new Refusal(422, msg('nothingImported', { count: result.errors.length, problems: result.errors }), {}, result.errors.map((text) => msg('documentProblem', { text })));
      }
      return { notice: { message: say(msg('imported', { counts: result.counts })), type: 'success' }, counts: result.counts };
    },
  });
}
