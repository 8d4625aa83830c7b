import { openPortal, Organization } from '../models/index.ts';
import { seedDemo, DEMO_LOGINS, DEMO_PASSWORD } from '../models/demo-seed.ts';
import { buildPanel } from '../admin/panel.ts';
import { startSchedule } from '../worker/schedule.ts';

const portal = await openPortal();
const embedded = !portal.config.databaseUrl;
if (embedded && await Organization.count() === 0) {
  await seedDemo();
  console.log('First start: demo data loaded.');
}
const panel = await buildPanel(portal.config, portal.sequelize, portal.db.url);
const server = panel.app.listen(portal.config.port, () => {
  console.log(`Channel License Portal: ${portal.config.publicUrl}/admin`);
  if (embedded) {
    console.log(`Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const [email, who] of DEMO_LOGINS) console.log(`  ${email.padEnd(26)} ${who}`);
  }
});
const schedule = startSchedule(portal);

async function shutdown() {
  schedule.stop();
  server.close();
  await panel.close();
  await portal.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
