import { flat, type Action, type ActionContext, type ActionRequest, type ActionResponse, type RecordActionResponse } from 'adminjs';
import { can, type Actor, type Operation, type ResourceId } from '../models/domain/policy.ts';
import { policyAllows, sessionActor } from './actor.ts';
import type { ScopedResource } from './scoped-resource.ts';
import type { MailPreview } from '../services/statements/mail-preview.ts';
import { isMessage, renderMessage, type Message } from '../templates/messages.ts';
import { adminLanguage } from './request-language.ts';
import type { Question } from '../templates/panel-texts.ts';

/**
 * What an operation answers: a notice; where the panel goes next (a path of the panel); a file
 * elsewhere (`downloadUrl`, another origin's address, which AdminJS's in-panel navigation cannot
 * open: the panel script post-actions.js sends the browser there); a file to show in the panel's
 * preview (its address: admin/public/previews.js frames it, AdminJS does not navigate); or a mail to
 * show before it is sent.
 */
export type Outcome = Message | { notice: Message; type: 'success' | 'error' } | { redirectUrl: string } | { notice: Message; downloadUrl: string }
  | { preview: string } | { mail: MailPreview };

export interface OperationSpec {
  resource: ResourceId;
  operation: Operation;
  icon: string;
  /** The question asked before it runs, in the user's language (templates/panel-*.ts `questions`). */
  guard?: Question;
  /**
   * Whether the operation applies to this record at all (for example a support request on the
   * holder's own keys only): where it does not, the action is neither offered nor run (403).
   */
  appliesTo?(actor: Actor, params: Record<string, unknown>): boolean;
  /** Calls the service; its refusals propagate as 4xx answers. Returns the notice, or where the browser goes next (a file). */
  run(actor: Actor, recordId: string, payload: Record<string, unknown>): Promise<Outcome>;
}

/**
 * The payload as sent: a form sends nested values as flat keys (on.from, device.0), unflattened here
 * so the service sees the object or list it was sent and refuses it, instead of missing the field
 * and using its default. Uploaded files stay as they are (unflattening would copy one into a plain
 * object, which is no upload any more).
 */
function asSent(payload: Record<string, unknown>): Record<string, unknown> {
  const isFile = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype;
  const files = Object.entries(payload).filter(([, value]) => isFile(value));
  const fields = Object.entries(payload).filter(([, value]) => !isFile(value));
  return { ...flat.unflatten(Object.fromEntries(fields)) as Record<string, unknown>, ...Object.fromEntries(files) };
}

/**
 * A record action that is nothing but a call of one service operation: offered where the policy
 * allows the operation, the row loaded through the scoped resource (foreign id: 404), the service
 * deciding everything else, the fresh row shown afterwards.
 */
export function operationAction(spec: OperationSpec): Partial<Action<RecordActionResponse>> {
  const allowed = ({ currentAdmin, record }: ActionContext) => {
    const actor = sessionActor(currentAdmin);
    if (!actor || !can(actor, spec.resource, spec.operation)) return false;
    return !record || !spec.appliesTo || spec.appliesTo(actor, record.params ?? {});
  };
  return {
    actionType: 'record',
    component: false,
    icon: spec.icon,
    guard: spec.guard,
    isAccessible: allowed,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
      const resource = context.resource as unknown as ScopedResource;
      const { record, currentAdmin } = context;
      if (!record) throw new Error('The record must be loaded through the scoped resource first.');
      const outcome = await spec.run(await resource.actor(context), String(record.id()), asSent(request.payload ?? {}));
      const fresh = ((await resource.findOne(String(record.id()), context)) ?? record).toJSON(currentAdmin);
      // Notices in the session user's language.
      const say = (message: Message) => renderMessage(message, adminLanguage(currentAdmin));
      if (isMessage(outcome)) return { record: fresh, notice: { message: say(outcome), type: 'success' } };
      if ('redirectUrl' in outcome) return { record: fresh, redirectUrl: outcome.redirectUrl };
      if ('downloadUrl' in outcome) return { record: fresh, notice: { message: say(outcome.notice), type: 'success' }, downloadUrl: outcome.downloadUrl } as RecordActionResponse;
      if ('preview' in outcome) return { record: fresh, preview: outcome.preview };
      if ('mail' in outcome) return { record: fresh, mail: outcome.mail };
      return { record: fresh, notice: { message: say(outcome.notice), type: outcome.type } };
    },
  };
}

export interface ResourceOperationSpec {
  resource: ResourceId;
  operation: Operation;
  icon: string;
  /** Calls the service for the session's actor; its refusals propagate as 4xx answers. `say` words a notice in the session user's language. */
  run(actor: Actor, request: ActionRequest, say: (message: Message) => string): Promise<ActionResponse>;
}

/**
 * A resource action (no record: an import, a report, a ticket pool) that is a call of one service
 * operation: offered where the policy allows the operation, which is checked again against the
 * actor as the database says now (a revoked membership: 403) before the service runs.
 */
export function resourceOperationAction(spec: ResourceOperationSpec): Partial<Action<ActionResponse>> {
  const allowed = policyAllows(spec.resource, spec.operation);
  return {
    actionType: 'resource',
    icon: spec.icon,
    component: false,
    isAccessible: allowed,
    isVisible: allowed,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const { actor } = await (context.resource as unknown as ScopedResource).authorize(context, spec.operation);
      return spec.run(actor, request, (message) => renderMessage(message, adminLanguage(context.currentAdmin)));
    },
  };
}
