import { openPortal } from '../models/index.ts';
import { commands } from './commands/index.ts';

/** `npm run cli -- <command> [args]`: each command brings the schema up to date first. */
const [name, ...args] = process.argv.slice(2);
const command = commands.find((c) => c.name === name || (args[0] && c.name === `${name} ${args[0]}`));
if (!command) {
  console.error(`Usage: npm run cli -- <command>\n\nCommands:\n${commands.map((c) => `  ${c.name.padEnd(22)} ${c.summary}`).join('\n')}`);
  process.exit(name ? 2 : 0);
}
const rest = command.name.includes(' ') ? args.slice(1) : args;
const portal = await openPortal();
let exitCode = 0;
try {
  exitCode = await command.run(portal, rest) ?? 0;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await portal.close();
}
process.exit(exitCode);
