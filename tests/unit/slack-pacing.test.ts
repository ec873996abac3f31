import { describe, expect, it } from "vitest";
import { ChannelPacer, workspaceOf } from "../../adapters/slack/pacing.ts";

/**
 * A virtual clock for the pacer and for fake requests: whenever every task waits on a timer, time jumps
 * to the earliest one. Deterministic, however loaded the machine.
 */
class VirtualTime {
  now = 0;
  private timers: { at: number; wake: () => void }[] = [];
  readonly clock = () => this.now;
  readonly sleep = (ms: number) =>
    new Promise<void>((wake) => {
      this.timers.push({ at: this.now + ms, wake });
    });

  /** Runs until `work` settles. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) return work;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (!next) throw new Error("every task waits and no timer is set");
      this.now = Math.max(this.now, next.at);
      next.wake();
    }
  }
}

/** A 429 as the posting client rejects it: `Retry-After` in seconds. */
class RateLimited extends Error {
  constructor(readonly retryAfter: number) {
    super("ratelimited");
  }
}
const retryAfterMs = (error: unknown) => (error instanceof RateLimited ? error.retryAfter * 1000 : undefined);

/**
 * Slack's per-channel token bucket (burst 3, one a second), counted when a message arrives, as the fake
 * Slack counts it. Requests take `travelMs(n)` to arrive (n-th request) and 10 ms for the answer back.
 */
function fakeChannel(time: VirtualTime, travelMs: (n: number) => number = () => 10) {
  const sends: number[] = [];
  const arrivals: number[] = [];
  const answers: number[] = [];
  let tokens = 3;
  let at = 0;
  const post = async () => {
    const n = sends.push(time.now) - 1;
    await time.sleep(travelMs(n));
    tokens = Math.min(3, tokens + (time.now - at) / 1000);
    at = time.now;
    if (tokens < 1) throw new Error(`429: message ${n + 1} arrived at ${time.now} with ${tokens} tokens`);
    tokens -= 1;
    arrivals.push(time.now);
    await time.sleep(10);
    answers.push(time.now);
    return `ts${n + 1}`;
  };
  return { post, sends, arrivals, answers };
}

describe("Slack's one message per second per channel", () => {
  it("spaces posts from the previous answer, so a late first request never gets the fourth a 429", async () => {
    const time = new VirtualTime();
    const pacer = new ChannelPacer({ clock: time.clock, sleep: time.sleep });
    // The first request takes 300 ms to arrive (a busy event loop, a new connection); the rest 10 ms.
    const slack = fakeChannel(time, (n) => (n === 0 ? 300 : 10));
    await time.run(
      (async () => {
        for (let index = 0; index < 6; index++) await pacer.send("T1:C1", slack.post);
      })(),
    );
    expect(slack.arrivals).toHaveLength(6);
    const [firstAnswer] = slack.answers as [number];
    expect(slack.sends[3]! - firstAnswer).toBeGreaterThanOrEqual(1000);
    // As early as the limit allows: the sixth goes three intervals after the first answer, no later.
    expect(slack.sends[5]).toBe(firstAnswer + 3000);
  });

  // In a fan-out the main thread may read the posting thread's answers long after they came in: the bucket
  // is charged from when the answer came (Slack counted the message before then), not from when it was read.
  it("charges from when the answer came in, given, not from when the pacer hears of it", async () => {
    const time = new VirtualTime();
    const slack = fakeChannel(time);
    const cameIn = new Map<string, number>();
    const pacer = new ChannelPacer({
      clock: time.clock,
      sleep: time.sleep,
      answeredAt: (answer) => cameIn.get(String(answer)),
    });
    // The first answer is read 800 ms after it came in; the others at once.
    const readLate = async () => {
      const answer = await slack.post();
      cameIn.set(answer, time.now);
      if (answer === "ts1") await time.sleep(800);
      return answer;
    };
    await time.run(
      (async () => {
        for (let index = 0; index < 6; index++) await pacer.send("T1:C1", readLate);
      })(),
    );
    expect(slack.arrivals).toHaveLength(6);
    const [firstAnswer] = slack.answers as [number];
    // Three intervals after the first answer came in, as if it had been read at once; not 800 ms later.
    expect(slack.sends[5]).toBe(firstAnswer + 3000);
  });

  /** One channel's `count` posts on a virtual clock, each announcing how many follow when `announce`. */
  const postInOrder = async (count: number, announce: boolean) => {
    const time = new VirtualTime();
    const pacer = new ChannelPacer({ clock: time.clock, sleep: time.sleep });
    const slack = fakeChannel(time);
    await time.run(
      (async () => {
        for (let index = 0; index < count; index++) {
          await pacer.send("T1:C1", slack.post, announce ? { following: count - 1 - index } : {});
        }
      })(),
    );
    expect(slack.arrivals).toHaveLength(count);
    return slack;
  };

  it("spreads announced messages evenly up to when a burst would have ended, and ends no later", async () => {
    const burst = await postInOrder(6, false);
    const spread = await postInOrder(6, true);
    // A burst: three in the first second. Spread: a header and five papers evenly, some 600 ms apart.
    expect(burst.sends.filter((at) => at < 1000)).toHaveLength(3);
    expect(spread.sends.filter((at) => at < 1000)).toHaveLength(2);
    const gaps = spread.sends.slice(1).map((at, index) => at - (spread.sends[index] as number));
    for (const gap of gaps) expect(gap).toBeCloseTo(gaps[0] as number, 6);
    expect(gaps[0]).toBeGreaterThan(590);
    expect(gaps[0]).toBeLessThan(610);
    // The last one goes when the burst's last one went, no later.
    expect(spread.sends[5]).toBe(burst.sends[5]);
  });

  it("keeps the third-of-an-interval spacing when three messages or fewer are announced", async () => {
    const slack = await postInOrder(4, true);
    // Four messages end one interval after the first answer, as a burst would, a third of it apart or so.
    expect(slack.sends[3]).toBe((slack.answers[0] as number) + 1000);
    expect(slack.sends[1]! - slack.sends[0]!).toBeLessThan(400);
  });

  it("goes at least a third of the interval between posts, so the burst is headroom", async () => {
    const time = new VirtualTime();
    const pacer = new ChannelPacer({ clock: time.clock, sleep: time.sleep });
    const slack = fakeChannel(time);
    await time.run(
      (async () => {
        for (let index = 0; index < 3; index++) await pacer.send("T1:C1", slack.post);
      })(),
    );
    expect(slack.sends[1]! - slack.sends[0]!).toBeGreaterThanOrEqual(1000 / 3);
    expect(slack.sends[2]! - slack.sends[1]!).toBeGreaterThanOrEqual(1000 / 3);
    expect(slack.sends[2]).toBeLessThan(1000);
  });

  it("paces each channel on its own", async () => {
    const time = new VirtualTime();
    const pacer = new ChannelPacer({ clock: time.clock, sleep: time.sleep });
    const one = fakeChannel(time);
    const two = fakeChannel(time);
    await time.run(
      (async () => {
        for (let index = 0; index < 5; index++) await pacer.send("T1:C1", one.post);
      })(),
    );
    const started = time.now;
    await time.run(pacer.send("T1:C2", two.post));
    expect(two.sends).toEqual([started]);
  });

  it("sends a channel's posts one at a time, in order, even when they are handed over at once", async () => {
    const time = new VirtualTime();
    const pacer = new ChannelPacer({ clock: time.clock, sleep: time.sleep });
    const slack = fakeChannel(time);
    const posted = await time.run(Promise.all([1, 2, 3].map(() => pacer.send("T1:C1", slack.post))));
    expect(posted).toEqual(["ts1", "ts2", "ts3"]);
    expect(slack.sends[1]).toBeGreaterThanOrEqual(slack.answers[0]!);
    expect(slack.sends[2]).toBeGreaterThanOrEqual(slack.answers[1]!);
  });
});

describe("a 429 from Slack", () => {
  it("is waited out in its channel alone, then the message is sent again and lands once", async () => {
    const time = new VirtualTime();
    const pacer = new ChannelPacer({ clock: time.clock, sleep: time.sleep, retryAfterMs, maxRetries: 5 });
    const other = fakeChannel(time);
    const limitedAttempts: number[] = [];
    let limitedAt = 0;
    const limited = async () => {
      limitedAttempts.push(time.now);
      await time.sleep(10);
      if (limitedAttempts.length === 1) {
        limitedAt = time.now;
        throw new RateLimited(5);
      }
      return "ts-limited";
    };
    let otherDoneAt = Number.POSITIVE_INFINITY;
    const [answer] = await time.run(
      Promise.all([
        pacer.send("T1:C1", limited),
        (async () => {
          for (let index = 0; index < 3; index++) await pacer.send("T1:C2", other.post);
          otherDoneAt = time.now;
        })(),
      ]),
    );
    expect(answer).toBe("ts-limited");
    expect(limitedAttempts).toHaveLength(2);
    expect(limitedAttempts[1]! - limitedAt).toBeGreaterThanOrEqual(5000);
    // The other channel's three posts were done long before the limited one was sent again.
    expect(otherDoneAt).toBeLessThan(limitedAt + 5000);
  });

  it("holds back the channel's next post too, until the wait is over", async () => {
    const time = new VirtualTime();
    const pacer = new ChannelPacer({ clock: time.clock, sleep: time.sleep, retryAfterMs, maxRetries: 0 });
    const slack = fakeChannel(time);
    const error = await time
      .run(
        pacer.send("T1:C1", async () => {
          throw new RateLimited(2);
        }),
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimited);
    const refusedAt = time.now;
    await time.run(pacer.send("T1:C1", slack.post));
    expect(slack.sends[0]! - refusedAt).toBeGreaterThanOrEqual(2000);
  });

  it("is given up on after maxRetries waits in a row, with Slack's error", async () => {
    const time = new VirtualTime();
    const pacer = new ChannelPacer({ clock: time.clock, sleep: time.sleep, retryAfterMs, maxRetries: 2 });
    let attempts = 0;
    const error = await time
      .run(
        pacer.send("T1:C1", async () => {
          attempts += 1;
          throw new RateLimited(1);
        }),
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimited);
    expect(attempts).toBe(3);
  });

  it("is the only failure sent again: any other error may hide a message that landed", async () => {
    const time = new VirtualTime();
    const pacer = new ChannelPacer({ clock: time.clock, sleep: time.sleep, retryAfterMs, maxRetries: 5 });
    let attempts = 0;
    const error = await time
      .run(
        pacer.send("T1:C1", async () => {
          attempts += 1;
          throw new Error("socket hang up");
        }),
      )
      .catch((caught: unknown) => caught);
    expect(String(error)).toContain("socket hang up");
    expect(attempts).toBe(1);
  });
});

describe("Slack's workspace-wide limit", () => {
  /** Records which channel each post was sent for, and when. */
  function recorder(time: VirtualTime) {
    const sends: { channel: string; at: number }[] = [];
    const post = (channel: string) => async () => {
      sends.push({ channel, at: time.now });
      await time.sleep(10);
      return `${channel}:${sends.length}`;
    };
    return { sends, post };
  }
  const options = (time: VirtualTime) => ({
    clock: time.clock,
    sleep: time.sleep,
    workspaceOf,
    workspaceBurst: 4,
    workspaceIntervalMs: 200,
  });

  it("keeps a workspace's posts within its rate, over all its channels", async () => {
    const time = new VirtualTime();
    const pacer = new ChannelPacer(options(time));
    const slack = recorder(time);
    const channels = Array.from({ length: 10 }, (_, index) => `C${index}`);
    await time.run(
      Promise.all(
        channels.map(async (channel) => {
          for (let index = 0; index < 6; index++) await pacer.send(`T1:${channel}`, slack.post(channel));
        }),
      ),
    );
    expect(slack.sends).toHaveLength(60);
    // Token bucket, burst 4, one every 200 ms: the k-th post (from 0) no earlier than (k − 3) × 200 ms.
    slack.sends.forEach(({ at }, k) => {
      expect(at).toBeGreaterThanOrEqual(Math.max(0, k - 3) * 200);
    });
    // And no later than that needs: the workspace, not the channels, sets the pace here.
    expect(slack.sends.at(-1)?.at).toBe((60 - 4) * 200);
  });

  it("lets a busy workspace's channels take turns: every channel's first post before any channel's second", async () => {
    const time = new VirtualTime();
    const pacer = new ChannelPacer(options(time));
    const slack = recorder(time);
    const channels = Array.from({ length: 10 }, (_, index) => `C${index}`);
    await time.run(
      Promise.all(
        channels.map(async (channel) => {
          for (let index = 0; index < 3; index++) await pacer.send(`T1:${channel}`, slack.post(channel));
        }),
      ),
    );
    const order = slack.sends.map((send) => send.channel);
    expect(new Set(order.slice(0, 10)).size).toBe(10);
    expect(new Set(order.slice(10, 20)).size).toBe(10);
    expect(new Set(order.slice(20, 30)).size).toBe(10);
  });

  it("never makes a channel wait behind another workspace's backlog", async () => {
    const time = new VirtualTime();
    const pacer = new ChannelPacer(options(time));
    const slack = recorder(time);
    const busy = Array.from({ length: 20 }, (_, index) => `C${index}`);
    let quietAnsweredAt = Number.NaN;
    await time.run(
      Promise.all([
        ...busy.map(async (channel) => {
          for (let index = 0; index < 6; index++) await pacer.send(`T1:${channel}`, slack.post(channel));
        }),
        (async () => {
          // Asked for once the busy workspace has 120 posts waiting for its slots.
          await time.sleep(1);
          await pacer.send("T2:Q1", slack.post("Q1"));
          quietAnsweredAt = time.now;
        })(),
      ]),
    );
    const quiet = slack.sends.filter((send) => send.channel === "Q1");
    expect(quiet).toEqual([{ channel: "Q1", at: 1 }]);
    expect(quietAnsweredAt).toBe(11);
    // The busy workspace's last post is ~23 s out: its backlog was real.
    expect(slack.sends.at(-1)?.at).toBeGreaterThan(20_000);
  });
});
