import { describeError } from "../../src/errors.ts";
import type { Logger } from "../../src/log.ts";

/** How long a user's admin status is trusted before `users.info` is asked again. */
export const ADMIN_CACHE_MS = 5 * 60 * 1000;

/** What the admin check needs from Slack: `users.info` for one user. */
export type UserLookup = (
  teamId: string,
  userId: string,
) => Promise<{ is_admin?: boolean; is_owner?: boolean } | undefined>;

/**
 * Who may change channel settings on Slack: workspace admins and owners (from `users.info`; the runtime
 * checks the `PAPERBOY_ADMINS` allow-list first). Answers are cached for a few minutes; when Slack
 * cannot be asked, the user is treated as a non-admin and the failure is logged.
 */
export function createAdminCheck(options: {
  lookup: UserLookup;
  logger: Logger;
  /** Wall-clock milliseconds, for the cache. */
  clock?: () => number;
}): (teamId: string, userId: string) => Promise<boolean> {
  const cache = new Map<string, { admin: boolean; until: number }>();
  return async (teamId, userId) => {
    const key = `${teamId}:${userId}`;
    const now = (options.clock ?? Date.now)();
    const cached = cache.get(key);
    if (cached && cached.until > now) return cached.admin;
    try {
      const user = await options.lookup(teamId, userId);
      const admin = Boolean(user?.is_admin || user?.is_owner);
      cache.set(key, { admin, until: now + ADMIN_CACHE_MS });
      return admin;
    } catch (error) {
      options.logger.warn(
        { err: error, teamId, userId },
        `users.info failed, treating the user as a non-admin: ${describeError(error)}`,
      );
      return false;
    }
  };
}
