/**
 * Database refusals as refusals a person understands, with the field named: the database enforces
 * the invariants money depends on (checks, unique keys, foreign keys), and its answer is a 409/422,
 * never a 500. Anything else is a fault and stays one.
 */
import { BaseError, DatabaseError, ForeignKeyConstraintError, UniqueConstraintError, ValidationError } from 'sequelize';
import { Refusal } from './refusal.ts';

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** Tells whoever deletes a row still in use what to do instead, per table. */
const IN_USE: Record<string, string> = {
  subscriptions: 'This subscription is on issued statements (or referenced elsewhere) and cannot be deleted; cancel it instead.',
  organizations: 'This organization still has members, licenses, subscriptions or statements; it cannot be deleted.',
  articles: 'This article is still used by licenses, tickets or subscriptions; it cannot be deleted.',
  licenses: 'This license is still referenced by a ticket or subscription; it cannot be deleted.',
};

export function refusalFromDatabase(error: unknown, table: string): unknown {
  if (!(error instanceof BaseError)) return error;
  if (error instanceof UniqueConstraintError) {
    const fields = Object.keys(error.fields ?? {}).map(camel);
    const named = fields.length > 0 ? fields : ['id'];
    return Refusal.ofFields(409, Object.fromEntries(named.map((f) => [f, 'is already taken by another record.'])));
  }
  if (error instanceof ForeignKeyConstraintError) {
    const detail = (error.parent as { detail?: string } | undefined)?.detail ?? '';
    // "is still referenced" on delete/update of the referenced row; "is not present" on a dangling reference.
    if (/still referenced/.test(detail)) return new Refusal(409, IN_USE[table] ?? 'This record is still in use by other records; remove or move those first.');
    const column = /Key \(([a-z_]+)\)/.exec(detail)?.[1];
    return Refusal.ofFields(422, { [column ? camel(column) : 'reference']: 'refers to a record that does not exist.' });
  }
  if (error instanceof ValidationError) {
    return Refusal.ofFields(422, Object.fromEntries(error.errors.map((item) => [item.path ?? 'value', item.message])));
  }
  if (error instanceof DatabaseError) {
    const parent = error.parent as { code?: string; constraint?: string; column?: string };
    // A reference declared ON DELETE RESTRICT answers restrict_violation, not a foreign key error.
    if (parent.code === '23001') return new Refusal(409, IN_USE[table] ?? 'This record is still in use by other records; remove or move those first.');
    if (parent.code === '23514' || parent.code === '23502') {
      // Check constraints are named <table>_<column>_check; a multi-column check names no single field.
      const column = parent.column ?? new RegExp(`^${table}_(.+)_check$`).exec(parent.constraint ?? '')?.[1];
      return Refusal.ofFields(422, { [column ? camel(column) : 'record']: parent.code === '23502' ? 'is required.' : 'is not an allowed value here.' });
    }
    if (/^22/.test(parent.code ?? '')) return new Refusal(422, 'A value is out of range or malformed.');
  }
  return error;
}
