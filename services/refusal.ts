/**
 * A refused operation: the message (and, per field, what is wrong) is for the person who asked,
 * and nothing has been changed. The status says why: 400 a malformed request, 401 not logged in, 403 not allowed
 * (an operation, or a field outside the actor's field rules), 404 not found or out of reach,
 * 409 a conflict with what is stored, 422 a value that is not acceptable.
 *
 * It carries messages (templates/messages.ts: a key and its parameters), so whoever shows it
 * renders it in the reader's language (`inLanguage`); `message`, `fields` and `errors` are English,
 * for logs and the CLI.
 */
import { msg, renderMessage, type Message } from '../templates/messages.ts';
import type { Language } from '../templates/formats.ts';

export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 422;

/** A refusal put into one language. */
export interface RefusalWords {
  message: string;
  fields: Record<string, string>;
  errors: string[];
}

const inWords = (messages: Record<string, Message>, language: Language) =>
  Object.fromEntries(Object.entries(messages).map(([field, message]) => [field, renderMessage(message, language)]));

export class Refusal extends Error {
  readonly statusCode: RefusalStatus;
  readonly text: Message;
  /** What is wrong, per input field. */
  readonly problems: Record<string, Message>;
  /** Every problem of a document checked as a whole (the ERP import), one line each. */
  readonly problemList: Message[];

  constructor(statusCode: RefusalStatus, text: Message, problems: Record<string, Message> = {}, problemList: Message[] = []) {
    super(renderMessage(text, 'en'));
    this.name = 'Refusal';
    this.statusCode = statusCode;
    this.text = text;
    this.problems = problems;
    this.problemList = problemList;
  }

  /** One refusal for several fields, its message naming each. */
  static ofFields(statusCode: RefusalStatus, problems: Record<string, Message>): Refusal {
    return new Refusal(statusCode, msg('fieldProblems', { problems }), problems);
  }

  /** The fields' problems in English. */
  get fields(): Record<string, string> {
    return inWords(this.problems, 'en');
  }

  /** The document's problems in English. */
  get errors(): string[] {
    return this.problemList.map((problem) => renderMessage(problem, 'en'));
  }

  /** Message, fields and problems in the reader's language. */
  inLanguage(language: Language): RefusalWords {
    return { message: renderMessage(this.text, language), fields: inWords(this.problems, language), errors: this.problemList.map((problem) => renderMessage(problem, language)) };
  }
}

/** `what` names the record ("License 17"): a message of its own (`msg('theLicense', …)`). */
export const notFound = (what: Message) => new Refusal(404, msg('notFound', { what }));
export const forbidden = (message: Message = msg('notAllowedHere')) => new Refusal(403, message);
