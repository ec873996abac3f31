import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderConsole } from "../../adapters/console/render.ts";
import { renderDiscord } from "../../adapters/discord/render.ts";
import { renderSlack } from "../../adapters/slack/render.ts";
import { commands } from "../../commands/index.ts";
import type { App } from "../../src/app.ts";
import { type Invocation, splitCommandLine } from "../../src/chat/invocation.ts";
import type { Reply } from "../../src/chat/reply.ts";
import type { Platform } from "../../src/store/refs.ts";
import { createTestApp, RecordingAdapter } from "../helpers/test-app.ts";

/** Argument strings generated per run of the suite (the issue asks for at least 10,000). */
const RUNS = 10_000;
const NAMES = commands.map((command) => command.name);
const ADMIN_ONLY = new Set(commands.filter((command) => command.admin).map((command) => command.name));
const KINDS = new Set([
  "digest",
  "header",
  "papers",
  "paper",
  "settings",
  "message",
  "usage",
  "help",
  "recap",
]);

/** Pieces people (and attackers) type: syntax of SQL, shells, markdown, mentions, and odd characters. */
const FRAGMENTS = [
  "'; DROP TABLE paperboy;--",
  '" OR 1=1 --',
  "$(rm -rf /)",
  "`id`",
  "| cat /etc/passwd",
  "&& shutdown -h now",
  "../../etc/passwd",
  "%00",
  "%s%s%s%n",
  "{{7*7}}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal template-injection attempt, typed as text
  "${process.exit()}",
  "__proto__",
  "constructor",
  "*bold* _it_ ~strike~ `code` ```block```",
  "[click](javascript:alert(1))",
  "<https://evil.example|innocent>",
  "@everyone",
  "@here",
  "<!channel>",
  "<!here>",
  "<!subteam^S123>",
  "<@U12345>",
  "<#C12345>",
  "<@&123456789012345678>",
  "<@!123456789012345678>",
  "||spoiler||",
  "\u202eevil\u202c",
  "\u200b\u200c\u200d\ufeff",
  "\u0000\u0001\u0007\u001b[31m",
  "\r\n\t\v\f",
  "👍🏽🔥⬆️🔖1️⃣",
  "👨‍👩‍👧‍👦",
  "مرحبا بالعالم",
  "שלום",
  "日本語のテキスト",
  "-",
  "--",
  '"',
  '""',
  '"unclosed phrase',
  "-exclude",
  "9999-99-99",
  "25:61",
  "Mars/Base",
  "cron * * * * * * *",
  "2606.13392",
  "arxiv.org/abs/2606.13392v3",
  "NaN",
  "-1",
  "1e309",
  "0x7fffffff",
];

const fragment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 3, arbitrary: fc.constantFrom(...NAMES, "week", "month", "daily", "weekdays", "off", "compact") },
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 10 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

/** A whole argument string: mostly a few fragments, now and then empty, or 100 KB of one of them. */
const argumentText = fc.oneof(
  { weight: 20, arbitrary: fc.array(fragment, { maxLength: 8 }).map((parts) => parts.join(" ")) },
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.constant("   \t  ") },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom("a", "forgetting ", "👍", "\u202e", "<!channel>", "\u0000", '"', "-x ")
      .map((piece) => piece.repeat(Math.ceil(100_000 / piece.length))),
  },
);

const invocationArbitrary = fc.record({
  line: fc.oneof(
    {
      weight: 8,
      arbitrary: fc.tuple(fc.constantFrom(...NAMES), argumentText).map(([name, text]) => `${name} ${text}`),
    },
    { weight: 2, arbitrary: argumentText },
  ),
  platform: fc.constantFrom<Platform>("console", "slack", "discord"),
  isAdmin: fc.boolean(),
  discordOption: fc.option(argumentText, { nil: undefined }),
});

let app: App;
const adapter = new RecordingAdapter();

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

/** Every stored entry, to compare before and after a command that must not write. */
const storeContents = async () => JSON.stringify(await app.store.backend.list(""));

describe(`${RUNS.toLocaleString("en")} generated /papers argument strings`, () => {
  it("never throw, always get a result or a usage message, render on every platform, and refused ones write nothing", async () => {
    const seen = { usage: 0, refused: 0, answered: 0 };
    await fc.assert(
      fc.asyncProperty(invocationArbitrary, async ({ line, platform, isAdmin, discordOption }) => {
        const { command, text } = splitCommandLine(line);
        const invocation: Invocation = {
          platform,
          workspaceId: "W1",
          channelId: "C1",
          userId: "U1",
          isAdmin,
          command,
          text,
          // Discord delivers typed options instead of text; give them the same treatment.
          options:
            platform === "discord" && discordOption !== undefined
              ? { topic: discordOption, query: discordOption }
              : undefined,
        };
        const refusedForRights = ADMIN_ONLY.has(command) && !isAdmin;
        const before = refusedForRights ? await storeContents() : "";
        const reply: Reply = await app.handle(invocation, adapter);
        expect(KINDS.has(reply.kind)).toBe(true);
        if (reply.kind === "usage") {
          seen.usage++;
          expect(reply.private).toBe(true);
          expect(reply.error.length).toBeGreaterThan(0);
        } else seen.answered++;
        if (refusedForRights) {
          seen.refused++;
          expect(reply.private).toBe(true);
          expect(await storeContents()).toBe(before);
        }
        for (const render of [renderSlack, renderDiscord, renderConsole])
          expect(() => render(reply)).not.toThrow();
      }),
      { numRuns: RUNS, seed: 20261121, endOnFailure: true },
    );
    // The generator reached every outcome many times.
    expect(seen.usage).toBeGreaterThan(500);
    expect(seen.refused).toBeGreaterThan(500);
    expect(seen.answered).toBeGreaterThan(3000);
  }, 300_000);

  it("write nothing when a command is refused as malformed, for every command", async () => {
    for (const name of NAMES) {
      for (const text of ["\u0000", '"', "x".repeat(100_000), "<!channel> ; DROP TABLE", "25:61 Mars/Base"]) {
        const before = await storeContents();
        const reply = await app.handle(
          {
            platform: "slack",
            workspaceId: "W1",
            channelId: "C9",
            userId: "U1",
            isAdmin: true,
            command: name,
            text,
          },
          adapter,
        );
        if (reply.kind === "usage")
          expect(await storeContents(), `${name} ${text.slice(0, 20)}`).toBe(before);
      }
    }
  });
});
