/**
 * Extending a license's runtime (`extendRuntime`, rules: models/domain/license-runtime.ts): vendor
 * staff anywhere, a reseller for its customers' licenses inside the frame it holds for the
 * license's product group (demo days from its demo-day list, months from its subscription terms).
 * Outside the frame: 422 naming the allowed values, nothing written. Audited on the license, so the
 * extension shows in its history.
 */
import { DataTypes, type Sequelize } from 'sequelize';
import { runtimeExtensionAllowed, type Actor } from '../models/domain/policy.ts';
import { extendedRuntime, extensionConflict, extensionProblems, type ExtensionRequest } from '../models/domain/license-runtime.ts';
import { Article, License } from '../models/index.ts';
import type { IsoDate } from '../reports/calendar.ts';
import { authorize, lockedInScope } from './reach.ts';
import { inTransaction } from './records.ts';
import { checkField } from './field-input.ts';
import { auditOperation, changesBetween } from './audit-trail.ts';
import { frameRefusal, heldFrame } from './frames.ts';
import { Refusal } from './refusal.ts';
import { msg, type Message } from '../templates/messages.ts';

const AMOUNT = { days: new DataTypes.INTEGER(), months: new DataTypes.INTEGER() };

/** `days` and `months` as whole numbers (or null when not sent); anything else 422 naming the field. */
function extensionRequest(input: { days?: unknown; months?: unknown }): ExtensionRequest {
  const problems: Record<string, Message> = {};
  const request: ExtensionRequest = { days: null, months: null };
  for (const field of ['days', 'months'] as const) {
    const checked = checkField(License, 'licenses', field, input[field], AMOUNT);
    if (checked.ok) request[field] = checked.value as number | null;
    else problems[field] = checked.problem;
  }
  if (Object.keys(problems).length > 0) throw Refusal.ofFields(422, problems);
  return request;
}

export async function extendRuntime(db: Sequelize, actor: Actor, id: unknown, input: { days?: unknown; months?: unknown },
  options: { today: IsoDate }): Promise<License> {
  const scope = await authorize(db, actor, 'licenses', 'extendRuntime');
  const request = extensionRequest(input);
  return inTransaction(db, 'licenses', async (transaction) => {
    const license = await lockedInScope<License>(scope, 'licenses', id, transaction);
    if (!runtimeExtensionAllowed(actor, license)) {
      throw new Refusal(403, msg('resellerExtends'));
    }
    const byVendor = actor.view === 'vendor';
    const conflict = extensionConflict(license, byVendor);
    if (conflict) throw new Refusal(409, conflict);
    const article = (await Article.findByPk(license.articleId, { attributes: ['id', 'name', 'productGroupId'], transaction }))!;
    const held = byVendor || article.productGroupId === null ? null : await heldFrame(actor.organizationId, article.productGroupId, transaction);
    if (!byVendor && !held) throw Refusal.ofFields(422, { articleId: msg('articleNotHeld', { article: article.name }) });
    const problems = extensionProblems(license.kind, request, held?.frame ?? null, held?.label ?? { group: article.name, holder: null });
    if (problems.length > 0) throw frameRefusal(problems);
    const before = license.toJSON() as Record<string, unknown>;
    await license.update(extendedRuntime(license, request, options.today), { transaction });
    await auditOperation(actor, 'licenses', 'extendRuntime', license.organizationId, license.id,
      changesBetween(before, license.toJSON() as Record<string, unknown>, ['expiresOn', 'status']), transaction,
      request.days !== null ? { days: request.days } : { months: request.months });
    return license;
  });
}
