import { openPortal } from '../models/index.ts';
import { startSchedule } from '../worker/schedule.ts';

const portal = await openPortal();
const schedule = startSchedule(portal);
console.log('Worker schedule running:', schedule.describe());
const shutdown = async () => { schedule.stop(); await portal.close(); process.exit(0); };
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
