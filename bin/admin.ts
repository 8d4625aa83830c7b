import { openPortal } from '../models/index.ts';
import { buildPanel } from '../admin/panel.ts';
import { prepareProductionStart, setupNotice } from '../services/first-admin.ts';

const portal = await openPortal();
// As `npm start`: a production installation without a vendor admin gets a one-time setup link.
const setupLink = portal.config.production ? (await prepareProductionStart(portal.sequelize, portal.config)).link : null;
const panel = await buildPanel(portal.config, portal.sequelize, portal.db.url);
const server = panel.app.listen(portal.config.port, () => {
  console.log(`Panel: ${portal.config.publicUrl}/admin`);
  if (setupLink) console.log(setupNotice(setupLink, portal.config));
});
const shutdown = async () => { server.close(); await panel.close(); await portal.close(); process.exit(0); };
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
