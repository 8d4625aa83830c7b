import { Refusal } from '../../services/refusal.ts';
import { calendarDateIn, startOfDayIn } from '../../models/domain/vendor-time.ts';
import { isValidIsoDate, type IsoDate } from '../../reports/calendar.ts';
import { msg } from '../../templates/messages.ts';

/** `--name value` or `--name=value`; null when absent. */
export function flag(args: string[], name: string): string | null {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return null;
  return args[i].includes('=') ? args[i].slice(name.length + 3) : args[i + 1] ?? null;
}

/** `--now <ISO date or time>`, default the clock; the date lets a run be replayed for a given day. */
export function nowFlag(args: string[]): Date {
  const raw = flag(args, 'now');
  if (raw === null) return new Date();
  const now = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(now.getTime())) throw new Refusal(400, msg('cli', { text: `--now expects an ISO date, got "${raw}".` }));
  return now;
}

/**
 * `--now` as the vendor sees it: a bare date is that calendar day in the vendor's zone (from its
 * midnight, not UTC's), a time is read as given; `today` is its vendor calendar date.
 */
export function vendorNow(args: string[], timeZone: string): { now: Date; today: IsoDate } {
  const raw = flag(args, 'now');
  if (raw !== null && /^\d{4}-\d{2}-\d{2}$/.test(raw) && isValidIsoDate(raw)) return { now: startOfDayIn(raw, timeZone), today: raw };
  const now = nowFlag(args);
  return { now, today: calendarDateIn(now, timeZone) };
}

/** Refusals are bad input (exit 2, nothing changed); anything else is a failure. */
export async function refusing(work: () => Promise<number | void>): Promise<number | void> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    console.error(error.message);
    return 2;
  }
}

export function required(args: string[], name: string, usage: string): string {
  const value = flag(args, name);
  if (value === null || value.trim() === '') throw new Refusal(400, msg('cli', { text: `Missing --${name}. Usage: ${usage}` }));
  return value;
}
