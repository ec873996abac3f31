import type { ChatAdapter } from "../chat/adapter.ts";
import type { Store } from "../store/store.ts";
import type { HealthCheck } from "./health-server.ts";
import { type StoreHealthCheckOptions, storeHealthCheck } from "./store-check.ts";

/**
 * What `/healthz` checks in `paperboy run`: the store accepts a write (see {@link storeHealthCheck}) and
 * each adapter reports its platform reachable (Slack answers, Discord's gateway is up and was not closed
 * for good).
 */
export function healthChecks(
  store: Store,
  adapters: readonly ChatAdapter[],
  options: StoreHealthCheckOptions = {},
): Record<string, HealthCheck> {
  return {
    store: storeHealthCheck(store.backend, options),
    ...Object.fromEntries(
      adapters.map((adapter) => [adapter.platform, async () => adapter.health?.()] as const),
    ),
  };
}
