import { describe, expect, it } from "vitest";
import { AnswerQueue } from "../../src/chat/answer-queue.ts";

/** Lets the event loop go round `turns` times (each turn polls for I/O and runs the check phase). */
const turns = async (count: number) => {
  for (let index = 0; index < count; index += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe("AnswerQueue", () => {
  it("starts answers in arrival order, one per event-loop turn, handling I/O that arrived in between", async () => {
    const queue = new AnswerQueue();
    // A message port delivers like a socket: in the event loop's poll phase.
    const { port1, port2 } = new MessageChannel();
    const log: string[] = [];
    port1.on("message", (name: string) => log.push(`command arrived during ${name}`));
    const answer = (name: string) =>
      queue.run(async () => {
        log.push(`start ${name}`);
        port2.postMessage(name);
        return name;
      });
    try {
      const results = await Promise.all([answer("a"), answer("b"), answer("c")]);
      expect(results).toEqual(["a", "b", "c"]);
      await turns(2);
    } finally {
      port1.close();
    }
    expect(log).toEqual([
      "start a",
      "command arrived during a",
      "start b",
      "command arrived during b",
      "start c",
      "command arrived during c",
    ]);
  });

  it("does not start an answer while an acknowledgement is being sent, and starts it once that is done", async () => {
    const queue = new AnswerQueue({ ackPriorityMs: 60_000 });
    const acknowledged = queue.acknowledging();
    let started = false;
    const answered = queue.run(async () => {
      started = true;
      return "answer";
    });
    await turns(20);
    expect(started).toBe(false);
    acknowledged();
    acknowledged();
    expect(await answered).toBe("answer");
    expect(started).toBe(true);
  });

  it("runs a lone command's answer at its turn when nothing is being acknowledged", async () => {
    const queue = new AnswerQueue({ ackPriorityMs: 60_000 });
    const alone = await queue.runAlone(async () => "reply");
    expect(await alone?.working).toBe("reply");
  });

  it("tells a lone command that others arrived while it waited for its turn, and does not run it", async () => {
    const queue = new AnswerQueue({ ackPriorityMs: 60_000 });
    let ran = false;
    const turn = queue.runAlone(async () => {
      ran = true;
      return "reply";
    });
    const acknowledged = queue.acknowledging();
    expect(await turn).toBeUndefined();
    expect(ran).toBe(false);
    acknowledged();
    expect(queue.idle).toBe(true);
  });

  it("starts anyway once an acknowledgement has taken longer than the priority window", async () => {
    const queue = new AnswerQueue({ ackPriorityMs: 5 });
    queue.acknowledging();
    expect(await queue.run(async () => "answered despite a stuck ack")).toBe("answered despite a stuck ack");
  });

  it("passes an answer's failure to its caller and goes on with the next", async () => {
    const queue = new AnswerQueue();
    const failing = queue.run(async () => {
      throw new Error("search failed");
    });
    const next = queue.run(async () => "next");
    await expect(failing).rejects.toThrow("search failed");
    expect(await next).toBe("next");
  });

  it("is idle only when nothing is waiting, running or being acknowledged", async () => {
    const queue = new AnswerQueue({ ackPriorityMs: 60_000 });
    expect(queue.idle).toBe(true);
    const acknowledged = queue.acknowledging();
    expect(queue.idle).toBe(false);
    acknowledged();
    expect(queue.idle).toBe(true);
    let finish: (value: string) => void = () => undefined;
    const running = queue.run(() => new Promise<string>((resolve) => (finish = resolve)));
    expect(queue.idle).toBe(false);
    await turns(2);
    expect(queue.idle).toBe(false);
    finish("done");
    expect(await running).toBe("done");
    expect(queue.idle).toBe(true);
  });
});
