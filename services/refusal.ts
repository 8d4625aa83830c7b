/**
 * A refused operation: the message (and, per field, what is wrong) is for the person who asked,
 * and nothing has been changed. The status says why: 400 a malformed request, 401 not logged in, 403 not allowed
 * (an operation, or a field outside the actor's field rules), 404 not found or out of reach,
 * 409 a conflict with what is stored, 422 a value that is not acceptable.
 */
export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 422;

export class Refusal extends Error {
  readonly statusCode: RefusalStatus;
  readonly fields: Record<string, string>;
  /** Every problem of a document checked as a whole (the ERP import), one line each. */
  readonly errors: string[];

  constructor(statusCode: RefusalStatus, message: string, fields: Record<string, string> = {}, errors: string[] = []) {
    super(message);
    this.name = 'Refusal';
    this.statusCode = statusCode;
    this.fields = fields;
    this.errors = errors;
  }

  /** One refusal for several fields, its message naming each. */
  static ofFields(statusCode: RefusalStatus, fields: Record<string, string>): Refusal {
    return new Refusal(statusCode, Object.entries(fields).map(([field, problem]) => `${field}: ${problem}`).join(' '), fields);
  }
}

export const notFound = (what: string) => new Refusal(404, `${what} cannot be found.`);
export const forbidden = (message = 'You are not allowed to do this here.') => new Refusal(403, message);
