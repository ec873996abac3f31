import { describe, expect, it } from "vitest";
import { renderConsole } from "../../adapters/console/render.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { hostileInput } from "../helpers/hostile-input.ts";
import { seededRandom } from "../helpers/seeded-random.ts";
import { makeDigest } from "../helpers/slack-fixtures.ts";

/** What is dangerous in a terminal: escape sequences (cursor moves, colours, window titles, hyperlinks), controls, bidi overrides. */
const FRAGMENTS = [
  "\u001b[2J",
  "\u001b[31mred",
  "\u001b[0m",
  "\u001b]0;pwned\u0007",
  "\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\",
  "\u001bP+q\u001b\\",
  "\u009b31m",
  "\u0085",
  "\r",
  "\b\b\b",
  "\u0007",
  "\u0000",
  "\u202eevil",
  "\u2066isolate\u2069",
  "<!channel>",
  "@everyone",
  "<@U123>",
  "[link](https://evil.example)",
  "😀",
  "漢字",
  "learning",
  " ",
];

const { text: hostileString, entry: hostileEntry } = hostileInput(FRAGMENTS);
const random = seededRandom(20_261_121);
const entries = Array.from({ length: 500 }, (_, index) => hostileEntry(random, index));

/** Characters a terminal acts on, other than the newlines the renderer itself writes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

function problems(output: string): string[] {
  const found: string[] = [];
  const match = ACTIVE.exec(output);
  if (match) found.push(`control U+${match[0].codePointAt(0)!.toString(16).padStart(4, "0")} survives`);
  return found;
}

describe("console rendering over 500 generated hostile papers", () => {
  it("never lets an escape sequence, control or bidi character reach the terminal, for every reply kind", () => {
    const failures: string[] = [];
    const check = (label: string, reply: Reply) => {
      for (const problem of problems(renderConsole(reply))) failures.push(`${label}: ${problem}`);
    };
    entries.forEach((entry, index) => {
      check(`paper #${index}`, { kind: "paper", entry, rank: index + 1 });
    });
    for (let start = 0; start < entries.length; start += 25) {
      const batch = entries.slice(start, start + 25);
      const text = hostileString(random, 40);
      const digest = makeDigest(
        batch.map((entry) => entry.paper),
        { title: text, note: hostileString(random, 20) },
      );
      check(`digest ${start}`, { kind: "digest", digest, note: text });
      check(`header ${start}`, { kind: "header", digest });
      check(`papers ${start}`, { kind: "papers", title: text, entries: batch, empty: text });
      check(`message ${start}`, { kind: "message", text, tone: "warning" });
      check(`usage ${start}`, { kind: "usage", error: text, usage: hostileString(random, 20) });
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it("keeps every paper of a list, in order, whatever its title", () => {
    const batch = entries.slice(0, 40);
    const output = renderConsole({ kind: "papers", title: "t", entries: batch, empty: "none" });
    let from = 0;
    for (const [index] of batch.entries()) {
      const at = output.indexOf(`${index + 1}.`, from);
      expect(at, `entry ${index + 1}`).toBeGreaterThanOrEqual(from);
      from = at;
    }
  });
});
