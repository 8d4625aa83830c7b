import { openPortal } from '../models/index.ts';
import { seedDemo } from '../models/demo-seed.ts';

const portal = await openPortal();
try {
  if (process.argv.includes('--demo')) {
    await seedDemo();
    console.log('Demo data is in place.');
  } else {
    console.log('Schema is up to date. Add --demo to load the demo data.');
  }
} finally {
  await portal.close();
}
