import { describe, expect, it } from "vitest";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { StoreError } from "../../src/store/errors.ts";
import { watchHealth } from "../../src/store/store-health.ts";
import { flakyBackend } from "../helpers/flaky-backend.ts";
import { waitFor } from "../helpers/slack-harness.ts";

describe("store health", () => {
  it("turns unhealthy on an outage and tells listeners once a probe finds the store back", async () => {
    const inner = flakyBackend(createMemoryBackend());
    const { backend, health } = watchHealth(inner, { probeMs: 5, maxProbeMs: 20 });
    let recoveries = 0;
    health.onRecovered(() => {
      recoveries += 1;
    });
    await backend.set("k", 1);
    expect(health.healthy).toBe(true);
    inner.down = true;
    await expect(backend.get("k")).rejects.toBeInstanceOf(StoreError);
    expect(health.healthy).toBe(false);
    // Probes fail while it is down, and nobody is told anything.
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(recoveries).toBe(0);
    inner.down = false;
    await waitFor(() => recoveries > 0, 2000);
    expect(recoveries).toBe(1);
    expect(health.healthy).toBe(true);
    expect(await backend.get("k")).toBe(1);
    expect(recoveries).toBe(1);
    await backend.close();
  });

  it("counts a successful call as recovery, and a caller's bad argument as no outage", async () => {
    const inner = flakyBackend(createMemoryBackend());
    const { backend, health } = watchHealth(inner, { probeMs: 60_000 });
    let recoveries = 0;
    const unsubscribe = health.onRecovered(() => {
      recoveries += 1;
    });
    await expect(backend.set("k", 1, -5)).rejects.toBeInstanceOf(RangeError);
    expect(health.healthy).toBe(true);
    inner.down = true;
    await expect(backend.list("")).rejects.toBeInstanceOf(StoreError);
    inner.down = false;
    await backend.ping();
    expect(recoveries).toBe(1);
    unsubscribe();
    inner.down = true;
    await expect(backend.ping()).rejects.toBeInstanceOf(StoreError);
    inner.down = false;
    await backend.ping();
    expect(recoveries).toBe(1);
    await backend.close();
  });

  it("passes a split point through when the driver can tell one, and has none when it cannot", async () => {
    const memory = createMemoryBackend();
    expect(watchHealth(memory).backend.splitKey).toBeUndefined();
    const asked: [string, number][] = [];
    const splitting = {
      ...memory,
      splitKey: async (prefix: string, fraction: number) => {
        asked.push([prefix, fraction]);
        return `${prefix}m`;
      },
    };
    const { backend } = watchHealth(splitting);
    expect(await backend.splitKey?.("paper:", 0.55)).toBe("paper:m");
    expect(asked).toEqual([["paper:", 0.55]]);
    await backend.close();
  });
});
