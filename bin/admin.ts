import { openPortal } from '../models/index.ts';
import { buildPanel } from '../admin/panel.ts';

const portal = await openPortal();
const panel = await buildPanel(portal.config, portal.sequelize, portal.db.url);
const server = panel.app.listen(portal.config.port, () => console.log(`Panel: ${portal.config.publicUrl}/admin`));
const shutdown = async () => { server.close(); await panel.close(); await portal.close(); process.exit(0); };
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
