/**
 * Ending a user's sessions when what they were opened with no longer holds: its password, e-mail,
 * role, memberships or second factor changed. The one place that decides how: the session rows
 * (connect-pg-simple's `sessions`, shared by every panel process) are deleted in the transaction of
 * the change, so the change and the end of the sessions commit together or not at all, and the
 * next request of such a session, in any process, finds none and is sent to the login. A session
 * that was loaded before the delete cannot write itself back (admin/sessions.ts saves a loaded
 * session by UPDATE only).
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/**
 * Deletes every session of these users, except `keep` (the session id of the user who changed its
 * own password or e-mail: that session proved the current password and stays). Returns how many ended.
 */
export async function endSessionsOf(db: Sequelize, userIds: Iterable<number | null | undefined>, transaction: Transaction, keep: string | null = null): Promise<number> {
  const ids = [...new Set([...userIds].filter((id): id is number => Number.isSafeInteger(id)).map(String))];
  if (ids.length === 0) return 0;
  const rows = await db.query<{ sid: string }>(`
    delete from sessions
    where sess->'adminUser'->>'userId' = any(array[:ids]::text[]) and sid is distinct from :keep
    returning sid`, { replacements: { ids, keep }, type: QueryTypes.SELECT, transaction });
  return rows.length;
}

type Row = Record<string, unknown>;

/**
 * Whose sessions a record write ends (services/records.ts): a membership created, changed or
 * removed ends its user's sessions; an account's e-mail, password or DPO flag changed, or the
 * account deleted, ends the account's sessions.
 */
export function sessionsEndedBy(resource: string, before: Row | undefined, after: Row | undefined): number[] {
  const ids: unknown[] = [];
  // Created or deleted: always; updated: when one of these fields differs.
  const changed = (fields: string[]) => !before || !after
    || fields.some((field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null));
  if (resource === 'memberships' && changed(['userId', 'organizationId', 'role'])) ids.push(before?.userId, after?.userId);
  if (resource === 'users' && before && changed(['email', 'passwordHash', 'isDpo'])) ids.push(before.id);
  return [...new Set(ids.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0))];
}
