import type { Command } from './index.ts';
import { purgeExpiredRetention } from '../../services/erasure/retention.ts';
import { nowFlag } from './flags.ts';

export const retentionPurge: Command = {
  name: 'retention purge',
  summary: 'remove the personal data from restricted billing records whose retention has ended: [--now <ISO date>]',
  async run(portal, args) {
    let now: Date;
    try {
      now = nowFlag(args);
    } catch (error) {
      console.error((error as Error).message);
      return 2;
    }
    const purged = await purgeExpiredRetention(portal.sequelize, { now, timeZone: portal.config.timezone });
    console.log(`retention ended: ${purged.statementLines} statement line(s) and ${purged.statements} statement(s) purged of personal data`);
  },
};
