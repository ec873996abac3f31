import { describe, expect, it } from "vitest";
import { ChannelPacer } from "../../adapters/slack/pacing.ts";

describe("Slack's one message per second per channel", () => {
  it("lets a burst through, then spaces messages a second apart, per channel", async () => {
    let now = 0;
    const waits: number[] = [];
    const pacer = new ChannelPacer(3, 1000, () => now);
    const original = globalThis.setTimeout;
    globalThis.setTimeout = ((resolve: () => void, ms: number) => {
      waits.push(ms);
      now += ms;
      return original(resolve, 0);
    }) as typeof setTimeout;
    try {
      for (let index = 0; index < 6; index++) await pacer.take("T1:C1");
      await pacer.take("T1:C2");
    } finally {
      globalThis.setTimeout = original;
    }
    expect(waits).toEqual([1000, 1000, 1000]);
    expect(now).toBe(3000);
  });
});
