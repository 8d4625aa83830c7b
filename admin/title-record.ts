import { BaseRecord, type ActionJSON, type RecordJSON } from 'adminjs';

/** A row as a reference to it is shown: its id and title, and (where the reader may open it) a link to its page. */
export function titleOnly(id: string, title: string, actions: ActionJSON[] = []): RecordJSON {
  return { id, title, params: {}, populated: {}, errors: {}, baseError: null, recordActions: actions, bulkActions: [] };
}

/** The show action a reference link looks for (reference-value.tsx): its name is all it reads. */
export const SHOW_LINK = [{ name: 'show' } as ActionJSON];

/**
 * A record holding only id and title (ScopedResource#findMany: a page's references, a bulk action's
 * rows), sent as titleOnly: AdminJS would send each with every field and its actions.
 */
export class TitleRecord extends BaseRecord {
  toJSON(): RecordJSON {
    return titleOnly(String(this.id()), this.resource.decorate().titleOf(this), SHOW_LINK);
  }
}
