import type { Portal } from '../../models/index.ts';
import { statementCommands } from './statements.ts';
import { importCommand } from './import.ts';
import { erasureCommands } from './erasure.ts';
import { retentionPurge } from './retention.ts';
import { licensingCommands } from './licensing.ts';
import { tokenCommands } from './tokens.ts';

export interface Command {
  /** One word, or two for a group: `statements run`. */
  name: string;
  summary: string;
  /** Resolves to the exit code; bad input prints a clear message to stderr and returns 2. */
  run(portal: Portal, args: string[]): Promise<number | void>;
}

/** Every CLI command; a new command file adds itself here. */
export const commands: Command[] = [...statementCommands, importCommand, ...erasureCommands, retentionPurge, ...licensingCommands, ...tokenCommands];
