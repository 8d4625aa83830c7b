/**
 * A license's history: the audit entries of that license (its issue, activations, transfers,
 * restores, destruction, free keys drawn from it, and the licensing job's expiry, renewal and
 * removal), oldest first, as the caller may read them: the license must be in reach (else 404), the
 * entries are those the caller's audit scope holds, and fields its view may not see in licenses are
 * dropped from the changes.
 */
import { Op, type Sequelize } from 'sequelize';
import { can, hiddenFields, type Actor } from '../models/domain/policy.ts';
import { AuditEvent } from '../models/index.ts';
import { findInScope, loadReach, scopeFor, type Reachable } from './reach.ts';
import { forbidden, notFound } from './refusal.ts';
import { msg } from '../templates/messages.ts';

export interface HistoryEntry {
  at: string;
  action: string;
  userId: number | null;
  view: string | null;
  changes: Record<string, unknown>;
  extra: Record<string, unknown>;
}

const HISTORY_MAX = 500;

/**
 * `known.reachable`: the organizations the actor reaches where the caller has read them in this
 * request (the panel's license page, ScopedResource.findOne); else they are read here.
 */
export async function licenseHistory(db: Sequelize, actor: Actor, id: unknown, known: { reachable?: Reachable } = {}): Promise<HistoryEntry[]> {
  if (!can(actor, 'licenses', 'read')) throw forbidden();
  const reachable = known.reachable ?? await loadReach(db, actor);
  const audit = scopeFor(actor, reachable, 'audit_events');
  const hidden = hiddenFields(actor, 'licenses');
  // The license (in reach, else 404) and its entries at the same time: the entries count only once the license is found,
  // and findInScope finds a license only by the number String(Number(id)) names.
  const [license, rows] = await Promise.all([
    findInScope(scopeFor(actor, reachable, 'licenses'), 'licenses', id),
    audit.readable ? AuditEvent.findAll({
      where: { [Op.and]: [audit.where, { resource: 'licenses', recordId: String(Number(id)) }] },
      order: [['at', 'ASC'], ['id', 'ASC']], limit: HISTORY_MAX,
    }) : Promise.resolve([]),
  ]);
  if (!license) throw notFound(msg('record', { resource: 'licenses', id: id }));
  return rows.map((row) => {
    const { view = null, changes = {}, ...extra } = row.details as { view?: string; changes?: Record<string, unknown> };
    return {
      at: row.at.toISOString(), action: row.action, userId: row.userId, view,
      changes: Object.fromEntries(Object.entries(changes).filter(([field]) => !hidden.includes(field))), extra,
    };
  });
}

/** One line per entry, for the license's page. */
export function historyText(entries: HistoryEntry[]): string {
  const value = (v: unknown) => (v === null || v === undefined ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return entries.map((e) => {
    const changes = Object.entries(e.changes).map(([field, c]) => {
      const change = c as { before?: unknown; after?: unknown; changed?: true };
      return change.changed ? `${field} changed` : `${field}: ${value(change.before)} → ${value(change.after)}`;
    });
    const by = e.userId === null ? 'system' : `user ${e.userId}`;
    return `${e.at.slice(0, 16).replace('T', ' ')} ${e.action.replace(/^licenses\./, '')} (${by}, ${e.view ?? '–'})${changes.length ? ': ' + changes.join(', ') : ''}`;
  }).join('\n');
}
