import { openPortal } from '../models/index.ts';
import { loadDemo } from '../services/demo-activity.ts';

const demo = process.argv.includes('--demo');
if (demo && process.env.NODE_ENV === 'production') {
  console.error('NODE_ENV=production: the demo data (users with a published password) is never loaded.');
  process.exit(2);
}
const portal = await openPortal();
try {
  if (demo) {
    await loadDemo(portal);
    console.log('Demo data is in place.');
  } else {
    console.log('Schema is up to date. Add --demo to load the demo data.');
  }
} finally {
  await portal.close();
}
