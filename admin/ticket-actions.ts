import type { Action, ActionContext, ActionRequest, ActionResponse, RecordActionResponse } from 'adminjs';
import type { Sequelize } from 'sequelize';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { assignTicket, generateTickets, passDownTicket, redeemTicket } from '../services/tickets.ts';
import { policyAllows } from './actor.ts';
import { operationAction } from './operation-action.ts';
import type { ScopedResource } from './scoped-resource.ts';

/**
 * Tickets: `generateTickets` (resource action, vendor staff: fields `articleId`, `organizationId`,
 * `count` up to 10,000; the answer carries the new codes), and the record actions `passDown`
 * (`organizationId`), `assign` (`userId`, empty to take the ticket back) and `redeem`;
 * services/tickets.ts decides.
 */
export function ticketActions(db: Sequelize, timeZone: string): Record<string, Partial<Action<ActionResponse>> | Partial<Action<RecordActionResponse>>> {
  const mayGenerate = policyAllows('tickets', 'generate');
  return {
    generateTickets: {
      actionType: 'resource',
      icon: 'PlusSquare',
      component: false,
      isAccessible: mayGenerate,
      isVisible: mayGenerate,
      handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
        // Re-reads the actor's role and view from the database.
        const actor = await (context.resource as unknown as ScopedResource).actor(context);
        const { article, organization, tickets } = await generateTickets(db, actor, request.payload ?? {});
        return {
          notice: { message: `Generated ${tickets.length} tickets of ${article.code} for ${organization.name}.`, type: 'success' },
          tickets: { articleId: article.id, organizationId: organization.id, count: tickets.length, codes: tickets.map((t) => t.code) },
        };
      },
    },
    passDown: operationAction({
      resource: 'tickets', operation: 'passDown', icon: 'ArrowDownCircle',
      run: async (actor, id, payload) => {
        const { organization } = await passDownTicket(db, actor, id, { organizationId: payload.organizationId });
        return `Passed down to ${organization.name}.`;
      },
    }),
    assign: operationAction({
      resource: 'tickets', operation: 'assign', icon: 'UserCheck',
      run: async (actor, id, payload) => {
        const ticket = await assignTicket(db, actor, id, { userId: payload.userId });
        return ticket.assignedUserId === null ? 'Taken back: the ticket is open in its pool again.' : `Assigned to user #${ticket.assignedUserId}.`;
      },
    }),
    redeem: operationAction({
      resource: 'tickets', operation: 'redeem', icon: 'Key',
      guard: 'Redeem this ticket into a license of your organization? A ticket is redeemed once.',
      run: async (actor, id) => {
        const { license } = await redeemTicket(db, actor, id, { today: calendarDateIn(new Date(), timeZone) });
        return `Redeemed: license ${license.licenseKey} (#${license.id}).`;
      },
    }),
  };
}
