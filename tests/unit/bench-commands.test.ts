import { describe, expect, it } from "vitest";
import { measureCommands, summarise } from "../../bench/commands.ts";

describe("the command-latency benchmark", () => {
  it("drives both platforms from its worker: every command acked and answered once", async () => {
    const results = await measureCommands({
      size: 1000,
      queries: ["diffusion models", "agents", "sparse attention", "memory", "robot grasping", "speech"],
      warmupQueries: ["retrieval"],
      concurrency: 3,
      platforms: ["slack", "discord"],
    });
    for (const platform of ["slack", "discord"] as const) {
      const run = results[platform];
      expect(run?.timings, platform).toHaveLength(6);
      expect(run?.unanswered, platform).toBe(0);
      expect(run?.rateLimited, platform).toBe(0);
      for (const timing of run?.timings ?? []) {
        expect(timing.ackMs, platform).toBeGreaterThan(0);
        expect(timing.finalMs, platform).toBeGreaterThan(0);
        // On Discord the edit of a deferred reply cannot land before the deferral. On Slack the 200 and the
        // response_url POST travel on separate connections, so the client may see them in either order.
        if (platform === "discord") expect(timing.finalMs, platform).toBeGreaterThanOrEqual(timing.ackMs);
      }
      const stats = summarise(
        run ?? { timings: [], unanswered: 0, rateLimited: 0, mainCpuMs: 0, processCpuMs: 0 },
      );
      expect(stats.commands).toBe(6);
      // The bot's own thread did the answering (Linux per-thread CPU time; NaN elsewhere).
      if (process.platform === "linux") expect(stats.mainCpuMs).toBeGreaterThan(0);
      expect(stats.processCpuMs).toBeGreaterThanOrEqual(stats.mainCpuMs);
      expect(stats.ackP99).toBeGreaterThanOrEqual(stats.ackP50);
    }
  }, 60_000);
});
