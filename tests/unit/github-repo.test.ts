import { describe, expect, it } from "vitest";
import { renderDiscord } from "../../adapters/discord/render.ts";
import { renderSlack } from "../../adapters/slack/render.ts";
import { paperLinks } from "../../src/chat/render-text.ts";
import { githubRepoUrl } from "../../src/papers/github-repo.ts";
import { huggingFaceItemToPaper } from "../../src/papers/sources/huggingface-item.ts";
import { makeEntry } from "../helpers/slack-fixtures.ts";

/** `githubRepo` values exactly as Hugging Face served them (hf-daily-papers-2025-h2), with their repository. */
const REAL_VARIANTS: [string, string][] = [
  ["https://github.com/codelion/optillm/tree/main/optillm/plugins/deep_research", "codelion/optillm"],
  ["https://github.com/safety-research/persona_vectors/tree/main", "safety-research/persona_vectors"],
  ["https://github.com/Alibaba-NLP/WebAgent//", "Alibaba-NLP/WebAgent"],
  ["https://github.com/Alibaba-NLP/DeepResearch///", "Alibaba-NLP/DeepResearch"],
  ["https://github.com/TencentCloudADP/youtu-agent/tree/training_free_GRPO", "TencentCloudADP/youtu-agent"],
  ["https://github.com/RUC-NLPIR/ARPO/blob/main/", "RUC-NLPIR/ARPO"],
  [
    "https://github.com/sirano1004/\nMargin-Apative-Direct-Preference-Optimization",
    "sirano1004/Margin-Apative-Direct-Preference-Optimization",
  ],
  ["https://github.com/\nFightingFighting/NeuroAda.git", "FightingFighting/NeuroAda"],
  [
    "https://github.com/zli12321/FFGO-Video-Customization?tab=readme-ov-file",
    "zli12321/FFGO-Video-Customization",
  ],
  ["https://github.com/huawei-noah/noah-research/tree/master/VersatileFFN", "huawei-noah/noah-research"],
];

/** Forms seen in the wild elsewhere: scheme, `www.`, case, fragment, trailing slash. */
const OTHER_VARIANTS: [string, string][] = [
  ["http://github.com/owner/repo", "owner/repo"],
  ["https://www.github.com/owner/repo", "owner/repo"],
  ["HTTPS://GitHub.com/Owner/Repo.GIT", "Owner/Repo"],
  ["https://github.com/owner/repo#readme", "owner/repo"],
  ["https://github.com/owner/repo/", "owner/repo"],
  ["  https://github.com/owner/my.repo_v2  ", "owner/my.repo_v2"],
];

const HOSTILE = [
  "",
  "https://github.com/owner",
  "https://github.com/owner/",
  "https://github.com/",
  "https://github.com/orgs/acme",
  "https://github.com/sponsors/someone",
  "https://evil.example/owner/repo",
  "https://github.com.evil.example/owner/repo",
  "https://github.com@evil.example/owner/repo",
  "https://user@github.com/owner/repo",
  "https://gitlab.com/owner/repo",
  "javascript:alert(1)//github.com/owner/repo",
  "github.com/owner/repo",
  "ftp://github.com/owner/repo",
  "https://github.com/<@1>/repo",
  "https://github.com/owner/<!channel>",
  "https://github.com/owner/repo name",
  "https://github.com/owner/re\u0000po",
  "https://github.com/owner/..",
  "https://github.com/owner/.git",
  "https://github.com/-owner/repo",
  "https://github.com/own.er/repo",
  "https://github.com/%2e%2e/repo",
  `https://github.com/${"o".repeat(40)}/repo`,
  `https://github.com/owner/${"r".repeat(101)}`,
  "https://github.com/owner/repo|label>",
  "[Code](https://github.com/owner/repo)",
];

describe("githubRepoUrl", () => {
  it.each([...REAL_VARIANTS, ...OTHER_VARIANTS])("reads %j as the repository %s", (raw, repository) => {
    expect(githubRepoUrl(raw)).toBe(`https://github.com/${repository}`);
  });

  it.each(HOSTILE)("refuses %j", (raw) => {
    expect(githubRepoUrl(raw)).toBeUndefined();
  });
});

describe("code links from real Hugging Face items", () => {
  const item = (githubRepo: string) => ({
    paper: { id: "2510.00001", title: "A paper", githubRepo, upvotes: 3 },
  });
  const context = { fetchedAt: "2026-01-01T00:00:00Z", queryDate: "2025-10-03" };

  it.each(REAL_VARIANTS)("keeps %j as a link to %s on every platform", (raw, repository) => {
    const outcome = huggingFaceItemToPaper(item(raw), context);
    if (!outcome.ok) throw new Error(outcome.reason);
    const url = `https://github.com/${repository}`;
    expect(outcome.paper.githubRepo).toBe(url);
    const entry = { paper: outcome.paper, tldr: "A finding." };
    expect(paperLinks(entry).at(-1)).toEqual({ label: "Code", url });
    const discord = JSON.stringify(renderDiscord({ kind: "paper", entry }));
    const slack = JSON.stringify(renderSlack({ kind: "paper", entry }));
    expect(discord).toContain(JSON.stringify(url));
    expect(slack).toContain(JSON.stringify(url));
  });

  it("drops a repository field that names no GitHub repository", () => {
    for (const raw of HOSTILE) {
      const outcome = huggingFaceItemToPaper(item(raw), context);
      if (!outcome.ok) throw new Error(outcome.reason);
      expect(outcome.paper.githubRepo).toBeUndefined();
    }
  });

  it("links the repository of a paper stored with the raw URL, and nothing for a foreign one", () => {
    const stored = makeEntry({ githubRepo: "https://github.com/X-PLUG/MobileAgent/tree/main/UI-S1" });
    expect(paperLinks(stored).at(-1)).toEqual({
      label: "Code",
      url: "https://github.com/X-PLUG/MobileAgent",
    });
    const foreign = makeEntry({ githubRepo: "https://evil.example/x/y" });
    expect(paperLinks(foreign).map((link) => link.label)).toEqual(["arXiv", "PDF", "Hugging Face"]);
  });
});
