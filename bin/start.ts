import { openPortal, Organization } from '../models/index.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../models/demo-seed.ts';
import { loadDemo } from '../services/demo-activity.ts';
import { buildPanel } from '../admin/panel.ts';
import { startSchedule } from '../worker/schedule.ts';
import { prepareProductionStart, setupNotice } from '../services/first-admin.ts';
import { closeServer, onShutdownSignal } from './shutdown.ts';

const portal = await openPortal();
const { config } = portal;
const embedded = !config.databaseUrl;
let setupLink: string | null = null;
if (config.production) {
  // Never the demo data (published password): the vendor organization and, while it has no admin, a one-time link.
  setupLink = (await prepareProductionStart(portal.sequelize, config)).link;
} else if (embedded && await Organization.count() === 0) {
  await loadDemo(portal);
  console.log('First start: demo data loaded.');
}
const panel = await buildPanel(config, portal.sequelize, portal.db.url);
const server = panel.app.listen(config.port, () => {
  console.log(`Channel License Portal: ${config.publicUrl}/admin`);
  if (setupLink) console.log(setupNotice(setupLink, config));
  else if (embedded && !config.production) {
    console.log(`Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const [email, who] of DEMO_LOGINS) console.log(`  ${email.padEnd(26)} ${who}`);
  }
});
const schedule = startSchedule(portal);

onShutdownSignal(async () => {
  await schedule.stop();
  await closeServer(server);
  await panel.close();
  await portal.close();
});
