import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsoleAdapter } from "../../adapters/console/index.ts";
import { createTestApp } from "../helpers/test-app.ts";

describe("a threaded digest in the console", () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => app?.close());

  it("prints the header, then each paper once, indented as a reply to it", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = "";
    output.on("data", (chunk: Buffer) => {
      shown += chunk.toString();
    });
    const console = createConsoleAdapter({ input, output, userId: "you", interactive: false, app });
    await console.start();
    input.end("/papers layout thread\n/papers post\n/papers post\n");
    await console.done;

    expect(shown).toContain("The digest here is now posted as thread");
    expect(shown).toContain("5 papers in the replies to this message.");
    const replies = shown.split("\n").filter((line) => line.startsWith("↳ (in reply to "));
    expect(replies).toHaveLength(5);
    const parents = new Set(replies.map((line) => /^↳ \(in reply to (\S+)\)/.exec(line)?.[1]));
    expect(parents.size).toBe(1);
    // A reply's further lines (TL;DR, authors, links) stay indented under it.
    const firstReply = shown.slice(shown.indexOf("↳ (in reply to "));
    expect(
      firstReply
        .split("\n")
        .slice(1, 4)
        .every((line) => line.startsWith("  ")),
    ).toBe(true);
    expect(shown).toContain("Today's digest is already in this channel");
  });
});
