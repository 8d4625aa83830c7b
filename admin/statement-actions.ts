import type { Action, ActionContext, RecordActionResponse } from 'adminjs';
import { can, type StatementOperation } from '../models/domain/policy.ts';
import { Organization, StatementRecord } from '../models/index.ts';
import { recordAudit } from '../models/audit.ts';
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
 * Vendor staff send an issued statement again, to the reseller's current billing address: it is
 * queued like a new one and the retry job (or `statements send`) mails it. Its content is unchanged.
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
      const statement = record && await StatementRecord.findByPk(Number(record.id()));
      if (!record || !statement) throw new Error('The record must be loaded through the scoped resource first.');
      const reseller = await Organization.findByPk(statement.resellerId);
      const billingEmail = reseller?.billingEmail ?? null;
      await statement.sequelize.transaction(async (transaction) => {
        await statement.update({
          billingEmail, mailStatus: billingEmail ? 'pending' : 'no_address', mailAttempts: 0, nextMailAttemptAt: null, mailError: null,
        }, { transaction });
        await recordAudit({
          userId: scope.actor.userId, organizationId: statement.resellerId, action: 'statements.resend',
          resource: 'statements', recordId: statement.id, details: { view: scope.actor.view, period: statement.period },
        }, transaction);
      });
      const fresh = await resource.findOne(String(statement.id), context);
      return {
        record: (fresh ?? record).toJSON(currentAdmin),
        notice: billingEmail
          ? { message: 'The statement is queued and will be mailed within minutes.', type: 'success' }
          : { message: 'The reseller has no billing address; nothing will be mailed.', type: 'error' },
      };
    },
  };
}

export function statementActions(): Record<string, Partial<Action<RecordActionResponse>>> {
  return { downloadPdf: download('pdf'), downloadCsv: download('csv'), resend: resend() };
}
