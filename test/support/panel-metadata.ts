import type { Agent } from './portal.ts';
import type { FieldKind } from './hostile-corpus.ts';

export interface PropertyJSON {
  name: string;
  type: string;
  isId: boolean;
  isArray: boolean;
  availableValues: Array<{ value: string }> | null;
  reference: string | null;
}

export interface ResourceJSON {
  id: string;
  titleProperty: PropertyJSON;
  properties: Record<string, PropertyJSON>;
  actions: Array<{ name: string; actionType: 'resource' | 'record' | 'bulk' }>;
}

/**
 * Every resource with its properties and actions as the panel itself describes them to its
 * browser code (the layout's portal-state data block), so the tests follow the resources as they change.
 */
export async function panelResources(agent: Agent): Promise<ResourceJSON[]> {
  const html = (await agent.get('/admin')).text;
  // The layout writes the state as a JSON data block (admin/page-layout.ts), read by boot.js.
  const state = /<script type="application\/json" id="portal-state">(.*?)<\/script>/s.exec(html);
  if (!state) throw new Error('The panel page carries no portal-state block; has the layout changed?');
  return (JSON.parse(state[1]) as { resources: ResourceJSON[] }).resources;
}

/** The hostile-corpus kind of a property. */
export function fieldKind(property: PropertyJSON): FieldKind {
  if (property.isArray) return 'array';
  if (property.availableValues) return { enum: property.availableValues.map((v) => v.value) };
  if (property.type === 'reference') return 'reference';
  if (property.type === 'number' || property.type === 'float') return 'integer';
  if (property.type === 'date' || property.type === 'datetime') return 'date';
  if (property.type === 'boolean') return 'boolean';
  return 'text';
}
