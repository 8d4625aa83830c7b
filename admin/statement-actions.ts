import type { Action, ActionContext, RecordActionResponse } from 'adminjs';
import { can, type StatementOperation } from '../models/domain/policy.ts';
import { StatementRecord } from '../models/index.ts';
import { resendStatement } from '../services/statements/resend.ts';
import { sessionActor } from './actor.ts';
import type { ScopedResource } from './scoped-resource.ts';

export const STATEMENT_DOWNLOAD_ROOT = '/admin/statements';

function allowed(operation: StatementOperation) {
  return ({ currentAdmin }: ActionContext) => {
    const actor = sessionActor(currentAdmin);
    return Boolean(actor && can(actor, 'statements', operation));
  };
}

/**
 * AdminJS actions answer JSON, so a download action points at the file route
 * (statement-downloads.ts), which resolves the statement through the same scoped resource.
 * The panel script statement-downloads.js turns the click into a real navigation.
 */
function download(format: 'pdf' | 'csv'): Partial<Action<RecordActionResponse>> {
  return {
    actionType: 'record',
    component: false,
    icon: format === 'pdf' ? 'FileText' : 'Download',
    isAccessible: allowed('download'),
    handler: async (_request, _response, context) => {
      const resource = context.resource as unknown as ScopedResource;
      await resource.authorize(context, 'download');
      const { record, currentAdmin } = context;
      if (!record) throw new Error('The record must be loaded through the scoped resource first.');
      return { record: record.toJSON(currentAdmin), redirectUrl: `${STATEMENT_DOWNLOAD_ROOT}/${record.id()}/${format}` };
    },
  };
}

/**
 * Vendor staff send an issued statement again, to the reseller's current billing address
 * (services/statements/resend.ts); the statement itself stays as issued.
 */
function resend(): Partial<Action<RecordActionResponse>> {
  return {
    actionType: 'record',
    component: false,
    icon: 'Send',
    guard: 'Send this statement again to the reseller\'s current billing address?',
    isAccessible: allowed('resend'),
    handler: async (_request, _response, context) => {
      const resource = context.resource as unknown as ScopedResource;
      const scope = await resource.authorize(context, 'resend');
      const { record, currentAdmin } = context;
      if (!record) throw new Error('The record must be loaded through the scoped resource first.');
      const sent = await resendStatement(StatementRecord.sequelize!, scope.actor, Number(record.id()));
      const fresh = await resource.findOne(String(sent.statementId), context);
      return {
        record: (fresh ?? record).toJSON(currentAdmin),
        notice: sent.mailTo
          ? { message: 'The statement is queued and will be mailed within minutes.', type: 'success' }
          : { message: 'The reseller has no billing address; nothing will be mailed.', type: 'error' },
      };
    },
  };
}

export function statementActions(): Record<string, Partial<Action<RecordActionResponse>>> {
  return { downloadPdf: download('pdf'), downloadCsv: download('csv'), resend: resend() };
}
