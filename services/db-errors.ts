/**
 * Database refusals as refusals a person understands, with the field named: the database enforces
 * the invariants money depends on (checks, unique keys, foreign keys), and its answer is a 409/422,
 * never a 500. Anything else is a fault and stays one.
 */
import { BaseError, DatabaseError, ForeignKeyConstraintError, UniqueConstraintError, ValidationError } from 'sequelize';
import { Refusal } from './refusal.ts';
import { msg } from '../templates/messages.ts';

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

export function refusalFromDatabase(error: unknown, table: string): unknown {
  if (!(error instanceof BaseError)) return error;
  if (error instanceof UniqueConstraintError) {
    const fields = Object.keys(error.fields ?? {}).map(camel);
    const named = fields.length > 0 ? fields : ['id'];
    return Refusal.ofFields(409, Object.fromEntries(named.map((f) => [f, msg('taken')])));
  }
  if (error instanceof ForeignKeyConstraintError) {
    const detail = (error.parent as { detail?: string } | undefined)?.detail ?? '';
    // "is still referenced" on delete/update of the referenced row; "is not present" on a dangling reference.
    if (/still referenced/.test(detail)) return new Refusal(409, msg('inUse', { table }));
    const column = /Key \(([a-z_]+)\)/.exec(detail)?.[1];
    return Refusal.ofFields(422, { [column ? camel(column) : 'reference']: msg('noSuchRecord') });
  }
  if (error instanceof ValidationError) {
    return Refusal.ofFields(422, Object.fromEntries(error.errors.map((item) => [item.path ?? 'value', msg('validator', { text: item.message })])));
  }
  if (error instanceof DatabaseError) {
    const parent = error.parent as { code?: string; constraint?: string; column?: string };
    // A foreign key ON DELETE RESTRICT answers restrict_violation, not the foreign-key error above.
    if (parent.code === '23001') return new Refusal(409, msg('inUse', { table }));
    if (parent.code === '23514' || parent.code === '23502') {
      // Check constraints are named <table>_<column>_check; a multi-column check names no single field.
      const column = parent.column ?? new RegExp(`^${table}_(.+)_check$`).exec(parent.constraint ?? '')?.[1];
      return Refusal.ofFields(422, { [column ? camel(column) : 'record']: msg(parent.code === '23502' ? 'required' : 'notAllowedValue') });
    }
    if (/^22/.test(parent.code ?? '')) return new Refusal(422, msg('outOfRange'));
  }
  return error;
}
