import { Refusal } from '../refusal.ts';
import type { Message } from '../../templates/messages.ts';

/** A refused erasure step: the message is for the caller, and nothing has been changed. */
export class ErasureRefusal extends Refusal {
  constructor(message: Message) {
    super(409, message);
    this.name = 'ErasureRefusal';
  }
}
