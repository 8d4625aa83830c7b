/**
 * How a long operation reports how far it is (the CLI draws it on a terminal, bin/commands/progress.ts):
 * `done` of `total` steps, `what` naming the step just finished.
 */
export type Progress = (done: number, total: number, what: string) => void;
