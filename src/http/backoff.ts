/** Settings for {@link backoffDelay}. */
export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** A number in [0, 1); injectable so tests can pin the jitter. */
  random: () => number;
}

/**
 * Delay before retry number `attempt` (1 for the first retry): exponential growth capped at
 * `maxDelayMs`, with full jitter so many clients failing together do not retry in lockstep.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * options.random());
}
