import type { SectionBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { normalizeField } from "../../adapters/slack/escape.ts";
import { MAX_HOME_BLOCKS } from "../../adapters/slack/limits.ts";
import { renderAppHome, renderSlack, type SlackMessage } from "../../adapters/slack/render.ts";
import { hostileInput } from "../helpers/hostile-input.ts";
import { seededRandom } from "../helpers/seeded-random.ts";
import { makeDigest } from "../helpers/slack-fixtures.ts";
import { blockProblems, messageProblems } from "../helpers/slack-invariants.ts";

const FRAGMENTS = [
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<!subteam^S123|@team>",
  "<!date^1392734382^{date}|x>",
  "@everyone",
  "@here",
  "@channel",
  "@Channel!",
  "<@U024BE7LH>",
  "<#C024BE7LR|general>",
  "<http://evil.example|click>",
  "<https://arxiv.org/abs/1|fake>",
  "http://evil.example",
  "&",
  "&amp;",
  "&lt;",
  "&#60;",
  "<",
  ">",
  "|",
  "*",
  "_",
  "~",
  "`",
  "```",
  "> ",
  ":smile:",
  "\n",
  "\t",
  "\u202E",
  "\u0000",
  "\uD83D",
  "😀",
  "👩‍🔬",
  "Transformer",
  "learning",
  " ",
  "  ",
  "é",
  "漢字",
];

const { text: hostileString, entry: hostileEntry } = hostileInput(FRAGMENTS);

/** Undoes our escaping and look-alikes, to compare what Slack shows with what was given. */
function shown(text: string): string {
  return text
    .replaceAll("@\u200D", "@")
    .replaceAll("\u00AD", "")
    .replaceAll("∗", "*")
    .replaceAll("ˍ", "_")
    .replaceAll("∼", "~")
    .replaceAll("ˋ", "`")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

const random = seededRandom(20_260_612);
const entries = Array.from({ length: 500 }, (_, index) => hostileEntry(random, index));
/** Generated strings may contain our own look-alike characters; those entries skip the round-trip check. */
const LOOKALIKES = /[∗ˍ∼ˋ\u00AD\u200D]/;

function problems(messages: SlackMessage[]): string[] {
  const found = messageProblems(messages);
  const json = JSON.stringify(messages).replace(
    /<https:\/\/(?:arxiv\.org|huggingface\.co|github\.com)\/[\w./-]+\|/g,
    "",
  );
  for (const forbidden of ["<!", "<@", "<#", "<http", "|click>"]) {
    if (json.includes(forbidden)) found.push(`JSON contains ${forbidden}`);
  }
  return found;
}

describe("Slack rendering over 500 generated hostile papers", () => {
  it("every paper card is inert, within limits and links only to our hosts", () => {
    const failures = entries.flatMap((entry, index) =>
      problems(renderSlack({ kind: "paper", entry, rank: index + 1, note: entry.why })).map(
        (p) => `#${index}: ${p}`,
      ),
    );
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it("every card shows a prefix of the real title, cut only with an ellipsis", () => {
    const failures: string[] = [];
    entries.forEach((entry, index) => {
      const title = normalizeField(entry.paper.title);
      if (LOOKALIKES.test(entry.paper.title) || title === "") return;
      const [message] = renderSlack({ kind: "paper", entry });
      const card = message?.blocks[0] as SectionBlock | undefined;
      const text = card?.text?.text ?? "";
      const heading = text.split("\n")[0] ?? "";
      const label = heading.startsWith("*<https://")
        ? heading.slice(heading.indexOf("|") + 1, -2)
        : heading.slice(1, -1);
      const visible = shown(label);
      const ok =
        visible === title || (visible.endsWith("…") && title.startsWith(visible.slice(0, -1).trimEnd()));
      if (!ok)
        failures.push(`#${index}: ${JSON.stringify(visible)} vs ${JSON.stringify(title.slice(0, 80))}`);
    });
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it("digests of 25 split into valid messages that keep every paper, in order", () => {
    for (let start = 0; start < entries.length; start += 25) {
      const batch = entries.slice(start, start + 25);
      const digest = makeDigest(
        batch.map((entry) => entry.paper),
        { title: hostileString(random, 30), note: hostileString(random, 30) },
      );
      const messages = renderSlack({ kind: "digest", digest, note: hostileString(random, 10) });
      expect(problems(messages)).toEqual([]);
      const cards = messages.flatMap((message) =>
        message.blocks
          .filter((block) => block.type === "section")
          .map((block) => /^\*(\d+)\. /.exec(block.text?.text ?? "")?.[1]),
      );
      expect(cards).toEqual(batch.map((_, index) => String(index + 1)));
    }
  });

  it("lists, messages, usage errors and App Home views stay inert and within limits", () => {
    for (let start = 0; start < entries.length; start += 50) {
      const batch = entries.slice(start, start + 50);
      const text = hostileString(random, 80);
      expect(problems(renderSlack({ kind: "papers", title: text, entries: batch, empty: text }))).toEqual([]);
      expect(problems(renderSlack({ kind: "message", text, tone: "warning", note: text }))).toEqual([]);
      expect(problems(renderSlack({ kind: "usage", error: text, usage: hostileString(random, 80) }))).toEqual(
        [],
      );
      const home = renderAppHome({ saved: batch, top: entries.slice(start + 25, start + 75) });
      expect(blockProblems(home.blocks, MAX_HOME_BLOCKS)).toEqual([]);
    }
  });
});
