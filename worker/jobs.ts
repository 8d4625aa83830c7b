import type { Portal } from '../models/index.ts';
import { statementJobs } from './statement-jobs.ts';
import { erasureJobs } from './erasure-jobs.ts';
import { licensingJobs } from './licensing-jobs.ts';
import { webhookJobs } from './webhook-jobs.ts';

export interface ScheduledJob {
  name: string;
  cron: string;
  /** `slot` is the scheduled time the run belongs to (not the time it started). */
  run(slot: Date): Promise<void>;
  /**
   * Slots that passed while no worker ran at all (after the job's latest claim) are run at worker
   * start, each once, oldest first. For jobs whose slots each do their own work (a month's
   * statements, a day's licensing); not for those whose next slot does everything due anyway.
   */
  catchUp?: boolean;
}

/** The worker's schedule. The statement and erasure jobs join it as they are built. */
export function scheduledJobs(portal: Portal): ScheduledJob[] {
  return [...statementJobs(portal), ...erasureJobs(portal), ...licensingJobs(portal), ...webhookJobs(portal)];
}
