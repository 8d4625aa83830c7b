import type { Action, ActionResponse, RecordActionResponse } from 'adminjs';
import type { Sequelize } from 'sequelize';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { assignTicket, generateTickets, passDownTicket, redeemTicket } from '../services/tickets.ts';
import { operationAction, resourceOperationAction } from './operation-action.ts';
import { msg } from '../templates/messages.ts';

/**
 * Tickets: `generateTickets` (resource action, vendor staff: fields `articleId`, `organizationId`,
 * `count` up to 10,000; the answer carries the new codes), and the record actions `passDown`
 * (`organizationId`), `assign` (`userId`, empty to take the ticket back) and `redeem`;
 * services/tickets.ts decides.
 */
export function ticketActions(db: Sequelize, timeZone: string): Record<string, Partial<Action<ActionResponse>> | Partial<Action<RecordActionResponse>>> {
  return {
    generateTickets: resourceOperationAction({
      resource: 'tickets', operation: 'generate', icon: 'PlusSquare',
      run: async (actor, request, say) => {
        const { article, organization, tickets } = await generateTickets(db, actor, request.payload ?? {});
        return {
          notice: { message: say(msg('ticketsGenerated', { count: tickets.length, article: article.code, organization: organization.name })), type: 'success' },
          tickets: { articleId: article.id, organizationId: organization.id, count: tickets.length, codes: tickets.map((t) => t.code) },
        };
      },
    }),
    passDown: operationAction({
      resource: 'tickets', operation: 'passDown', icon: 'ArrowDownCircle',
      run: async (actor, id, payload) => {
        const { organization } = await passDownTicket(db, actor, id, { organizationId: payload.organizationId });
        return msg('passedDown', { organization: organization.name });
      },
    }),
    assign: operationAction({
      resource: 'tickets', operation: 'assign', icon: 'UserCheck',
      run: async (actor, id, payload) => {
        const ticket = await assignTicket(db, actor, id, { userId: payload.userId });
        return ticket.assignedUserId === null ? msg('takenBack') : msg('assignedTo', { user: ticket.assignedUserId });
      },
    }),
    redeem: operationAction({
      resource: 'tickets', operation: 'redeem', icon: 'Key',
      guard: 'redeemTicket',
      run: async (actor, id) => {
        const { license } = await redeemTicket(db, actor, id, { today: calendarDateIn(new Date(), timeZone) });
        return msg('redeemedInto', { key: license.licenseKey, id: license.id });
      },
    }),
  };
}
