import { openPortal } from '../models/index.ts';
import { startSchedule } from '../worker/schedule.ts';
import { onShutdownSignal } from './shutdown.ts';

const portal = await openPortal();
const schedule = startSchedule(portal);
console.log('Worker schedule running:', schedule.describe());
// The runs in progress end and record their status before the database connection closes.
onShutdownSignal(async () => { await schedule.stop(); await portal.close(); });
