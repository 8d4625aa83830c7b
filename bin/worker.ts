import { openPortal } from '../models/index.ts';
import { startSchedule } from '../worker/schedule.ts';

const portal = await openPortal();
const schedule = startSchedule(portal);
console.log('Worker schedule running:', schedule.describe());
// The runs in progress end and record their status before the database connection closes.
const shutdown = async () => { await schedule.stop(); await portal.close(); process.exit(0); };
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
