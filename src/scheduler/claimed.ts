import { describeError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { ClaimRepository } from "../store/claim-repository.ts";

/** How long a claim lasts without renewal, and who holds it. */
export interface ClaimTerms {
  holder: string;
  ttlMs: number;
}

/**
 * Runs `work` while this process holds the claim on `key` (across every process sharing the store),
 * renewing it every third of its ttl and releasing it afterwards, also when `work` throws. Resolves
 * `{ claimed: false }` without running `work` when another holder has it. A release that fails (the store
 * is down) is logged; the claim repository releases it as soon as the store answers again.
 */
export async function withClaim<T>(
  claims: ClaimRepository,
  key: string,
  terms: ClaimTerms,
  logger: Logger,
  work: () => Promise<T>,
): Promise<{ claimed: true; value: T } | { claimed: false }> {
  const { holder, ttlMs } = terms;
  if (!(await claims.claim(key, holder, ttlMs))) return { claimed: false };
  const renewal = setInterval(
    () => void claims.renew(key, holder, ttlMs).catch(() => undefined),
    Math.max(1000, ttlMs / 3),
  );
  renewal.unref();
  try {
    return { claimed: true, value: await work() };
  } finally {
    clearInterval(renewal);
    await claims
      .release(key, holder)
      .catch((error: unknown) =>
        logger.warn(
          { claim: key, err: error },
          `could not release a claim; it is released as soon as the store answers again: ${describeError(error)}`,
        ),
      );
  }
}
