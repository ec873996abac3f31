import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.ts";
import { openStore } from "../../src/store/open-store.ts";
import { createStore } from "../../src/store/store.ts";
import { runCli } from "../helpers/cli.ts";
import { refreshRequests, startFollowupUpstream } from "../helpers/fake-followup-upstream.ts";

const PAPER = "2606.00467";
const REPO = "https://github.com/example/released-code";
const CHANNEL = { platform: "console", workspaceId: "W1", channelId: "C1" } as const;

let upstream: Awaited<ReturnType<typeof startFollowupUpstream>>;
let dir: string;
let store: string;
beforeAll(async () => {
  upstream = await startFollowupUpstream();
  dir = mkdtempSync(join(tmpdir(), "paperboy-followups-"));
  store = `sqlite://${join(dir, "paperboy.sqlite")}`;
  // A channel upvoted a paper (posted without code) a minute ago; its code is out upstream now.
  const opened = createStore(await openStore(store, { logger: silentLogger }));
  const now = new Date(Date.now() - 60_000);
  const [paper] = await upstream.sources.daily("2026-06-12");
  expect(paper?.id).toBe(PAPER);
  await opened.papers.upsert([{ ...paper!, githubRepo: undefined }]);
  await opened.posts.record(CHANNEL, {
    paperId: PAPER,
    date: "2026-06-12",
    messageId: "msg-1",
    postedAt: now.toISOString(),
  });
  await opened.votes.add(CHANNEL, PAPER, "U1", now, "+1", "msg-1");
  await opened.backend.close();
  upstream.state.set(PAPER, { version: 1, models: [], githubRepo: REPO });
});
afterAll(async () => {
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

const followups = (...args: string[]) =>
  runCli(["followups", ...args], {
    env: {
      PAPERBOY_STORE: store,
      HF_API_URL: upstream.upstream.url,
      ARXIV_API_URL: upstream.upstream.url,
      PAPERBOY_INDEX_FILE: "off",
    },
  });

describe("paperboy followups [--dry-run]", () => {
  it("prints what it would post and changes nothing; then posts once, in reply to the paper's message", async () => {
    for (let run = 0; run < 2; run++) {
      const dry = await followups("--dry-run");
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain(`would post in console:W1:C1 under msg-1: Follow-up on “`);
      expect(dry.stdout).toContain(`code is out: ${REPO}`);
      expect(dry.stdout).toMatch(
        /1 follow-up would post; 1 tracked papers, 1 refreshed, 0 deferred; upstream requests: Hugging Face 2, arXiv 1/,
      );
    }
    const real = await followups();
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain("↳ (in reply to msg-1)");
    expect(real.stdout).toContain("posted in console:W1:C1 under msg-1");
    const again = await followups();
    expect(again.stdout).toContain("0 follow-ups posted");
    expect(again.stdout).not.toContain("↳");
    // Three passes read the paper (the last one found it fresh): 2 Hugging Face calls and 1 id_list each.
    expect(refreshRequests(upstream.upstream)).toEqual({ huggingface: 6, arxiv: 3 });
  }, 120_000);
});
