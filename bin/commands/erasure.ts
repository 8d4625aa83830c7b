import type { Command } from './index.ts';
import type { Portal } from '../../models/index.ts';
import { approveRequest, dpoCaller, fileRequest, rejectRequest, runDueErasures } from '../../services/erasure/requests.ts';
import { Refusal } from '../../services/refusal.ts';
import { nowFlag, refusing, required } from './flags.ts';
import { terminalProgress } from './progress.ts';
import { msg } from '../../templates/messages.ts';

const REQUEST_USAGE = 'erasure request --subject org:<ref>|user:<email> --by <dpo email> --reason "…"';
const request: Command = {
  name: 'erasure request',
  summary: 'file an erasure request: --subject org:<ref>|user:<email> --by <dpo email> --reason "…"',
  run: (portal, args) => refusing(async () => {
    const by = await dpoCaller({ email: required(args, 'by', REQUEST_USAGE) });
    const filed = await fileRequest(portal.sequelize, { subject: required(args, 'subject', REQUEST_USAGE), reason: required(args, 'reason', REQUEST_USAGE), by });
    console.log(filed.id);
  }),
};

function requestId(args: string[], usage: string): number {
  const id = Number(args[0]);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Refusal(400, msg('cli', { text: `Give the request id. Usage: ${usage}` }));
  return id;
}

const approve: Command = {
  name: 'erasure approve',
  summary: 'approve an erasure request: <id> --by <dpo email>',
  run: (portal, args) => refusing(async () => {
    const usage = 'erasure approve <id> --by <dpo email>';
    const id = requestId(args, usage);
    const by = await dpoCaller({ email: required(args, 'by', usage) });
    const approved = await approveRequest(portal.sequelize, id, by, {
      fourEyes: portal.config.erasureFourEyes, graceDays: portal.config.erasureGraceDays, now: new Date(),
    });
    console.log(`erasure request ${id} approved; due ${approved.dueAt!.toISOString()}`);
  }),
};

const reject: Command = {
  name: 'erasure reject',
  summary: 'reject an open erasure request: <id> --by <dpo email>',
  run: (portal, args) => refusing(async () => {
    const usage = 'erasure reject <id> --by <dpo email>';
    const id = requestId(args, usage);
    await rejectRequest(portal.sequelize, id, await dpoCaller({ email: required(args, 'by', usage) }), new Date());
    console.log(`erasure request ${id} rejected`);
  }),
};

export async function runErasures(portal: Portal, now: Date): Promise<number> {
  const result = await runDueErasures(portal.sequelize, portal.config.dataDir, now, terminalProgress('erasure run'));
  for (const r of result.executed) console.log(`executed erasure request ${r.requestId}; certificate ${r.certificateId}`);
  for (const r of result.failed) console.error(`erasure request ${r.requestId} FAILED: ${r.error}`);
  if (result.executed.length + result.failed.length === 0) console.log('no erasure request is due');
  console.log(`erasure run: ${result.executed.length} executed, ${result.failed.length} failed`);
  return result.failed.length > 0 ? 1 : 0;
}

const run: Command = {
  name: 'erasure run',
  summary: 'execute the approved erasure requests that are due: [--now <ISO date>]',
  run: (portal, args) => refusing(() => runErasures(portal, nowFlag(args))),
};

export const erasureCommands: Command[] = [request, approve, reject, run];
