/**
 * `npm run bench:seed`: the channel at scale (bench/channel-scale.ts) added to the demo data of the
 * database `npm start` uses (embedded in DATA_DIR, or DATABASE_URL). Runs once per database.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openPortal } from '../models/index.ts';
import { seedDemo } from '../models/demo-seed.ts';
import { isSeeded, scaleFromEnv, seedChannelScale } from './channel-scale.ts';

const scale = scaleFromEnv();
const portal = await openPortal();
const sql = new pg.Client({ connectionString: portal.db.url });
await sql.connect();
try {
  if (await isSeeded(sql)) {
    console.log('The channel at scale is already in this database (organizations with refs bench-…); nothing added.');
  } else {
    await seedDemo();
    const started = performance.now();
    const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
    await seedChannelScale(sql, scale, (step) => console.log(`  ${step} … ${seconds()} s`));
    console.log(`Added ${scale.distributors} distributors, ${scale.resellers} resellers, ${scale.customers} customers, `
      + `${scale.licenses} licenses and ${scale.subscriptions} subscriptions in ${seconds()} s.`);
  }
} finally {
  await sql.end();
  await portal.close();
}
