import { describe, expect, it } from "vitest";
import { slots } from "../../src/scheduler/slots.ts";

describe("slots", () => {
  it("lets `size` takers through at once and the rest in the order they asked, as slots are released", async () => {
    const gate = slots(2);
    const order: string[] = [];
    const releases = new Map<string, () => void>();
    const take = (name: string) =>
      gate.take().then((release) => {
        order.push(name);
        releases.set(name, release);
      });
    const all = [take("a"), take("b"), take("c"), take("d")];
    await Promise.all(all.slice(0, 2));
    // Let every pending reaction run: c and d must still wait.
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["a", "b"]);
    releases.get("b")?.();
    await all[2];
    expect(order).toEqual(["a", "b", "c"]);
    // Releasing twice frees one slot, not two.
    releases.get("b")?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["a", "b", "c"]);
    releases.get("a")?.();
    await all[3];
    expect(order).toEqual(["a", "b", "c", "d"]);
  });

  it("hands back a freed slot to the next taker at once when nobody waits", async () => {
    const gate = slots(1);
    const release = await gate.take();
    release();
    const again = await gate.take();
    again();
    expect(typeof again).toBe("function");
  });

  it("passes a released slot straight to the next taker, before the event loop turns", async () => {
    const gate = slots(1);
    const order: string[] = [];
    const release = await gate.take();
    const next = gate.take().then((again) => {
      order.push("next taker");
      return again;
    });
    setImmediate(() => order.push("event loop"));
    release();
    (await next)();
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["next taker", "event loop"]);
  });
});
