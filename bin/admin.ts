import { openPortal } from '../models/index.ts';
import { buildPanel } from '../admin/panel.ts';
import { prepareProductionStart, setupNotice } from '../services/first-admin.ts';
import { closeServer, onShutdownSignal } from './shutdown.ts';

const portal = await openPortal();
// As `npm start`: a production installation without a vendor admin gets a one-time setup link.
const setupLink = portal.config.production ? (await prepareProductionStart(portal.sequelize, portal.config)).link : null;
const panel = await buildPanel(portal.config, portal.sequelize, portal.db.url);
const server = panel.app.listen(portal.config.port, () => {
  console.log(`Panel: ${portal.config.publicUrl}/admin`);
  if (setupLink) console.log(setupNotice(setupLink, portal.config));
});
onShutdownSignal(async () => {
  await closeServer(server);
  await panel.close();
  await portal.close();
});
