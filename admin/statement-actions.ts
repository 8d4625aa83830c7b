import type { Action, RecordActionResponse } from 'adminjs';
import type { Sequelize } from 'sequelize';
import { authorize, findInScope } from '../services/reach.ts';
import { notFound } from '../services/refusal.ts';
import { resendStatement } from '../services/statements/resend.ts';
import { operationAction } from './operation-action.ts';

export const STATEMENT_DOWNLOAD_ROOT = '/admin/statements';

/**
 * AdminJS actions answer JSON, so a download action points at the file route
 * (statement-downloads.ts), which makes the file through services/files.ts.
 * The panel script statement-downloads.js turns the click into a real navigation.
 */
function download(db: Sequelize, format: 'pdf' | 'csv'): Partial<Action<RecordActionResponse>> {
  return operationAction({
    resource: 'statements', operation: 'download', icon: format === 'pdf' ? 'FileText' : 'Download',
    run: async (actor, id) => {
      if (!await findInScope(await authorize(db, actor, 'statements', 'download'), 'statements', id)) throw notFound('This statement');
      return { redirectUrl: `${STATEMENT_DOWNLOAD_ROOT}/${id}/${format}` };
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
    resend: operationAction({
      resource: 'statements', operation: 'resend', icon: 'Send',
      guard: 'Send this statement again to the reseller\'s current billing address?',
      run: async (actor, id) => {
        const sent = await resendStatement(db, actor, Number(id));
        return sent.mailTo
          ? 'The statement is queued and will be mailed within minutes.'
          : { notice: 'The reseller has no billing address; nothing will be mailed.', type: 'error' };
      },
    }),
  };
}
