// The panel's own React components, registered with AdminJS's ComponentLoader: AdminJS bundles the
// files named here for the browser (admin/component-bundle.ts), never imports them on the server.
import { fileURLToPath } from 'node:url';
import { ComponentLoader } from 'adminjs';

export const componentLoader = new ComponentLoader();

const file = (name: string) => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));

export const Components = {
  Dashboard: componentLoader.add('PortalDashboard', file('dashboard')),
  ValueList: componentLoader.add('PortalValueList', file('value-list')),
  CappedList: componentLoader.add('PortalCappedList', file('capped-list')),
};
