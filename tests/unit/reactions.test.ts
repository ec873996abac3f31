import { describe, expect, it } from "vitest";
import { normalizeEmoji, onFirstDelivery } from "../../src/chat/reactions.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { createStore } from "../../src/store/store.ts";

describe("onFirstDelivery", () => {
  it("runs an event once however often the platform delivers it", async () => {
    const store = createStore(createMemoryBackend());
    let runs = 0;
    const work = async () => {
      runs += 1;
    };
    const results = await Promise.all([1, 2, 3].map(() => onFirstDelivery(store, "slack", "Ev1", work)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
  });

  it("releases the event when handling fails, so the platform's retry is applied, not lost", async () => {
    const store = createStore(createMemoryBackend());
    const failing = async () => {
      throw new Error("store briefly unavailable");
    };
    await expect(onFirstDelivery(store, "slack", "Ev2", failing)).rejects.toThrow(
      "store briefly unavailable",
    );
    let applied = false;
    const retried = await onFirstDelivery(store, "slack", "Ev2", async () => {
      applied = true;
    });
    expect(retried).toBe(true);
    expect(applied).toBe(true);
    expect(await onFirstDelivery(store, "slack", "Ev2", async () => undefined)).toBe(false);
  });
});

describe("normalizeEmoji", () => {
  it.each([
    ["+1::skin-tone-3", "+1"],
    [":fire:", "fire"],
    ["👍🏽", "👍"],
    ["⬆️", "⬆"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeEmoji(input)).toBe(expected);
  });
});
