import type { Action, RecordActionResponse } from 'adminjs';
import type { Sequelize } from 'sequelize';
import { authorize, findInScope } from '../services/reach.ts';
import { notFound } from '../services/refusal.ts';
import { resendStatement } from '../services/statements/resend.ts';
import { statementMailPreview } from '../services/statements/mail-preview.ts';
import { operationAction } from './operation-action.ts';
import { msg } from '../templates/messages.ts';

export const STATEMENT_DOWNLOAD_ROOT = '/admin/statements';

/**
 * AdminJS actions answer JSON, so a download action points at the file route
 * (statement-downloads.ts), which makes the file through services/files.ts.
 * The panel script statement-downloads.js turns the click into a real navigation; previews.js shows
 * the preview's PDF in a frame.
 */
function download(db: Sequelize, target: 'pdf' | 'csv' | 'preview'): Partial<Action<RecordActionResponse>> {
  return operationAction({
    resource: 'statements', operation: 'download', icon: { pdf: 'FileText', csv: 'Download', preview: 'Eye' }[target],
    run: async (actor, id) => {
      if (!await findInScope(await authorize(db, actor, 'statements', 'download'), 'statements', id)) throw notFound(msg('record', { resource: 'statements' }));
      const url = `${STATEMENT_DOWNLOAD_ROOT}/${id}/${target}`;
      return target === 'preview' ? { preview: url } : { redirectUrl: url };
    },
  });
}

/**
 * Vendor staff send an issued statement again, to the reseller's current billing address
 * (services/statements/resend.ts); the statement itself stays as issued.
 */
export function statementActions(db: Sequelize): Record<string, Partial<Action<RecordActionResponse>>> {
  return {
    downloadPdf: download(db, 'pdf'),
    downloadCsv: download(db, 'csv'),
    previewPdf: download(db, 'preview'),
    // The mail a resend sends, shown before it goes (admin/public/previews.js offers the resend beside it).
    previewMail: operationAction({
      resource: 'statements', operation: 'resend', icon: 'Mail',
      run: async (actor, id) => ({ mail: await statementMailPreview(db, actor, id) }),
    }),
    resend: operationAction({
      resource: 'statements', operation: 'resend', icon: 'Send',
      guard: 'resendStatement',
      run: async (actor, id) => {
        const sent = await resendStatement(db, actor, Number(id));
        return sent.mailTo
          ? msg('statementQueued')
          : { notice: msg('statementNoAddress'), type: 'error' };
      },
    }),
  };
}
