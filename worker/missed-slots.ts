import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** What of a node-cron task the search needs: whether an instant is one of its slots (in its time zone). */
export interface SlotMatcher { match(date: Date): boolean }

/**
 * At most this many instants are tested (≈ 9 µs each): 400 days of a minute pattern, about a week
 * of a seconds pattern. A longer gap is searched from its most recent end.
 */
const MAX_STEPS = 576_000;
const YIELD_EVERY = 10_000;

/**
 * The slots of `cron` after `after` up to and including `now`, oldest first: those that passed
 * while no worker ran. node-cron finds no earlier slot itself, so each instant is tested, by the
 * minute (by the second for a six-field pattern), yielding to the event loop now and then.
 */
export async function missedSlots(task: SlotMatcher, cron: string, after: Date, now: Date): Promise<Date[]> {
  const step = cron.trim().split(/\s+/).length === 6 ? 1000 : 60_000;
  const first = Math.max(Math.floor(after.getTime() / step) * step + step, Math.floor(now.getTime() / step) * step - (MAX_STEPS - 1) * step);
  const slots: Date[] = [];
  let tested = 0;
  for (let at = first; at <= now.getTime(); at += step) {
    if (task.match(new Date(at))) slots.push(new Date(at));
    if (++tested % YIELD_EVERY === 0) await yieldToEventLoop();
  }
  return slots;
}
