/** A refused erasure step: the message is for the caller, and nothing has been changed. */
export class ErasureRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ErasureRefusal';
  }
}
