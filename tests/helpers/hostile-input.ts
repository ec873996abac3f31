import type { PaperEntry } from "../../src/chat/reply.ts";
import { makeEntry } from "./slack-fixtures.ts";

/** Generates hostile text and paper entries from a platform's own list of dangerous fragments. */
export interface HostileInput {
  /** Up to `maxParts` pieces: fragments, random characters, and now and then a very long run. */
  text(random: () => number, maxParts: number): string;
  /** A paper entry whose every untrusted field is hostile text (ids, repos and author counts vary too). */
  entry(random: () => number, index: number): PaperEntry;
}

/**
 * The renderers' property tests share this generator; each passes the fragments that are dangerous on
 * its platform (Slack's `<!channel>` and `&amp;`, Discord's `<@&1>` and `||`).
 */
export function hostileInput(fragments: readonly string[]): HostileInput {
  const text = (random: () => number, maxParts: number): string => {
    const parts = Math.floor(random() * maxParts);
    let result = "";
    for (let index = 0; index < parts; index += 1) {
      const pick = random();
      if (pick < 0.02) result += "w".repeat(Math.floor(random() * 5_000));
      else if (pick < 0.05) result += "word ".repeat(Math.floor(random() * 400));
      else if (pick < 0.1) result += String.fromCharCode(Math.floor(random() * 0x3000));
      else result += fragments[Math.floor(random() * fragments.length)];
    }
    return result;
  };
  const entry = (random: () => number, index: number): PaperEntry => {
    const ids = [
      `2401.${String(index).padStart(5, "0")}`,
      `hep-th/${9900000 + index}`,
      text(random, 4) || "x",
    ];
    const repos = [
      "https://github.com/org/repo",
      "https://evil.example/a/b",
      `https://github.com/${text(random, 3)}`,
      `https://github.com/${"o".repeat(300)}/${"r".repeat(300)}`,
    ];
    const made = makeEntry(
      {
        id: ids[Math.floor(random() * ids.length)],
        title: text(random, 60) || "t",
        abstract: text(random, 200),
        authors: Array.from({ length: Math.floor(random() * (random() < 0.05 ? 300 : 12)) }, () =>
          text(random, 6),
        ),
        organization: random() < 0.5 ? text(random, 10) : undefined,
        githubRepo: random() < 0.7 ? repos[Math.floor(random() * repos.length)] : undefined,
        githubStars: random() < 0.5 ? Math.floor(random() * 100_000) : undefined,
        upvotes: Math.floor(random() * 1000),
      },
      { tldr: text(random, 400), why: random() < 0.7 ? text(random, 20) : undefined },
    );
    return random() < 0.3 ? { ...made, votes: Math.floor(random() * 50) } : made;
  };
  return { text, entry };
}
