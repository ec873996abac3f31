import { VARIABLES } from "./variables.ts";

/** The scheduler's timings in the units it uses: grace window, claim lease, sweep interval, and fan-out width. */
export interface SchedulerTimings {
  graceMs: number;
  claimTtlMs: number;
  sweepMs: number;
  concurrency: number;
}

/** The scheduler's timings from the units the environment states them in. */
export function schedulerTimings(settings: {
  catchUpHours: number;
  claimTtlSeconds: number;
  sweepSeconds: number;
  concurrency: number;
}): SchedulerTimings {
  return {
    graceMs: settings.catchUpHours * 3_600_000,
    claimTtlMs: settings.claimTtlSeconds * 1000,
    sweepMs: settings.sweepSeconds * 1000,
    concurrency: settings.concurrency,
  };
}

/** The timings when the environment sets none: the declared defaults, so the scheduler repeats no number. */
export const DEFAULT_SCHEDULER_TIMINGS: SchedulerTimings = Object.freeze(
  schedulerTimings({
    catchUpHours: VARIABLES.PAPERBOY_CATCHUP_HOURS.default,
    claimTtlSeconds: VARIABLES.PAPERBOY_CLAIM_TTL_SECONDS.default,
    sweepSeconds: VARIABLES.PAPERBOY_SCHEDULER_SWEEP_SECONDS.default,
    concurrency: VARIABLES.PAPERBOY_FANOUT_CONCURRENCY.default,
  }),
);
