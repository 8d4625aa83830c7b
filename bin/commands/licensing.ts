import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from './index.ts';
import { runLicensingJob } from '../../services/licensing-job.ts';
import { systemActor } from '../../services/system-actor.ts';
import { licenseReportFile } from '../../services/files.ts';
import { Refusal } from '../../services/refusal.ts';
import { Organization } from '../../models/index.ts';
import { REPORT_FORMATS, type ReportFormat } from '../../models/domain/values.ts';
import { flag, vendorNow } from './flags.ts';

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

/** The license report of an organization's subtree, as the system actor (vendor staff) sees it. */
const report: Command = {
  name: 'licenses report',
  summary: 'the license report of an organization and everything below it: --org <ref> [--format csv|pdf] [--kind K] [--status S] '
    + '[--created-from D] [--created-to D] [--expires-from D] [--expires-to D] --out FILE',
  async run(portal, args) {
    const ref = flag(args, 'org');
    const out = flag(args, 'out');
    const format = flag(args, 'format') ?? 'csv';
    if (!ref || !out || !(REPORT_FORMATS as readonly string[]).includes(format)) {
      console.error('usage: licenses report --org <ref> [--format csv|pdf] [filters] --out FILE');
      return 2;
    }
    const organization = await Organization.findOne({ where: { ref } });
    if (!organization) {
      console.error(`No organization with ref "${ref}".`);
      return 2;
    }
    try {
      const file = await licenseReportFile(portal.sequelize, await systemActor(), {
        organizationId: organization.id, kind: flag(args, 'kind'), status: flag(args, 'status'),
        createdFrom: flag(args, 'created-from'), createdTo: flag(args, 'created-to'),
        expiresFrom: flag(args, 'expires-from'), expiresTo: flag(args, 'expires-to'),
      }, format as ReportFormat, portal.config.timezone);
      const body = file.body instanceof Readable ? file.body : Readable.from([file.body as string]);
      await pipeline(body, fs.createWriteStream(out, { mode: 0o600 }));
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      console.error(error.message);
      return 2;
    }
    console.log(`license report of ${ref} written to ${out}`);
    return 0;
  },
};

export const licensingCommands: Command[] = [run, report];
