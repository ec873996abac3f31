/** How long a workspace's bot token is reused before the installation is read again. */
export const TOKEN_REUSE_MS = 10_000;

/**
 * `tokenFor` that reads each workspace's installation at most once per `reuseMs`: a fan-out posts
 * thousands of messages to a few hundred workspaces within seconds, and reading (and, with an encryption
 * key, opening) the installation for every message was a few per cent of the main thread. A failed read
 * is not kept, and a token is reused only briefly, so an installation that changed (a new install, a
 * rotated token) is seen within `reuseMs`.
 */
export function reusedTokens(
  tokenFor: (teamId: string) => Promise<string | undefined>,
  options: { reuseMs?: number; now?: () => number } = {},
): (teamId: string) => Promise<string | undefined> {
  const reuseMs = options.reuseMs ?? TOKEN_REUSE_MS;
  const now = options.now ?? (() => performance.now());
  const known = new Map<string, { at: number; token: Promise<string | undefined> }>();
  // Stale entries are dropped in one sweep per window, not on every miss: with thousands of workspaces a
  // sweep per miss made a fan-out's token look-ups quadratic in the number of workspaces.
  let sweptAt = Number.NEGATIVE_INFINITY;
  return (teamId) => {
    const at = now();
    const entry = known.get(teamId);
    if (entry && at - entry.at < reuseMs) return entry.token;
    if (at - sweptAt >= reuseMs) {
      for (const [id, old] of known) if (at - old.at >= reuseMs) known.delete(id);
      sweptAt = at;
    }
    const fresh = { at, token: tokenFor(teamId) };
    known.set(teamId, fresh);
    fresh.token.catch(() => {
      if (known.get(teamId) === fresh) known.delete(teamId);
    });
    return fresh.token;
  };
}
