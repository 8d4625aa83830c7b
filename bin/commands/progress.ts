import type { Progress } from '../../services/progress.ts';

/**
 * A progress line redrawn in place while a long command runs, only on a terminal: piped into a file
 * or another program the output is the results and the summary line alone.
 */
export function terminalProgress(label: string, out: NodeJS.WriteStream = process.stdout): Progress | undefined {
  if (!out.isTTY) return undefined;
  return (done, total, what) => {
    out.write(`\r\x1b[2K${label}: ${done}/${total} ${what}`);
    if (done === total) out.write('\r\x1b[2K');
  };
}
