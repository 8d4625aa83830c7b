import type { Command } from './index.ts';
import { runLicensingJob } from '../../services/licensing-job.ts';
import { systemActor } from '../../services/system-actor.ts';
import { vendorNow } from './flags.ts';

const run: Command = {
  name: 'licensing run',
  summary: 'the daily licensing job: expire demos, renew NFR licenses, remove recalled ones: [--now <ISO date>]',
  async run(portal, args) {
    let today: string;
    try {
      ({ today } = vendorNow(args, portal.config.timezone));
    } catch (error) {
      console.error((error as Error).message);
      return 2;
    }
    const result = await runLicensingJob(portal.sequelize, await systemActor(), today);
    for (const c of result.changed) console.log(`${c.operation} license ${c.licenseId} (${c.licenseKey})`);
    console.log(`licensing ${result.today}: ${result.changed.length} license(s) changed`);
    return 0;
  },
};

export const licensingCommands: Command[] = [run];
