import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { runCli } from "../helpers/cli.ts";
import { DISCORD_TEST_TOKEN } from "../helpers/discord-harness.ts";
import { DEFAULT_GUILD_ID } from "../helpers/discord-payloads.ts";
import { startFakeDiscord } from "../helpers/fake-discord.ts";
import { type FakeUpstream, json, startFakeUpstream, status, text } from "../helpers/fake-upstream.ts";

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/hf-daily-papers-2026-06-12.json", import.meta.url), "utf8"),
) as { paper: { id: string; upvotes: number } }[];

/** A URL on 127.0.0.1 where nothing listens: a port that was just bound and released. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const arxivFeed = readFileSync(
  new URL("../fixtures/arxiv-query-transformer-2026-06-14.xml", import.meta.url),
  "utf8",
);

let hf: FakeUpstream;
let arxiv: FakeUpstream;
let dir: string;
const env = (extra: NodeJS.ProcessEnv = {}) => ({
  HF_API_URL: hf.url,
  ARXIV_API_URL: arxiv.url,
  PAPERBOY_STORE: `sqlite://${join(dir, "store.sqlite")}`,
  PAPERBOY_TIMEZONE: "UTC",
  ...extra,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "paperboy-cli-"));
  hf = await startFakeUpstream({
    "/api/daily_papers": (request, response, call) =>
      json(request.query.date === "2026-06-12" ? fixture : [])(request, response, call),
    "/api/papers/search": status(503),
    "/api/papers/2606.13392": json(fixture.find((item) => item.paper.id === "2606.13392")?.paper),
  });
  arxiv = await startFakeUpstream({
    "/api/query": (request, response, call) =>
      request.query.search_query?.includes("submittedDate:[202606120000")
        ? text(arxivFeed, "application/atom+xml")(request, response, call)
        : status(503)(request, response, call),
  });
});
afterAll(async () => {
  await hf.close();
  await arxiv.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("paperboy digest --format json", () => {
  it("prints exactly one JSON document in the documented shape, sorted by score, most upvoted first", async () => {
    const result = await runCli(["digest", "--date", "2026-06-12", "--format", "json", "--limit", "10"], {
      env: env({ PAPERBOY_STORE: "memory://" }),
    });
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as {
      date: string;
      items: {
        id: string;
        title: string;
        url: string;
        upvotes: number;
        score: number;
        tldr: string;
        authors: string[];
        why: string;
      }[];
    };
    expect(document.date).toBe("2026-06-12");
    expect(document.items).toHaveLength(10);
    for (const item of document.items) {
      const stable = ["authors", "id", "score", "title", "tldr", "upvotes", "url", "why"];
      const card = ["organization", "featuredOn", "publishedAt", "category", "comments", "githubStars"];
      card.push("teamVotes", "links", "thumbnail");
      expect(Object.keys(item)).toEqual(expect.arrayContaining(stable));
      expect(Object.keys(item).filter((key) => !stable.includes(key) && !card.includes(key))).toEqual([]);
      expect(item.url).toBe(`https://arxiv.org/abs/${item.id}`);
      expect(item.tldr.length).toBeGreaterThan(0);
      expect(item.tldr.length).toBeLessThanOrEqual(280);
      expect(item.why).toMatch(/upvote/);
    }
    const scores = document.items.map((item) => item.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(document.items.map((item) => item.id)).size).toBe(10);
    const byUpvotes = [...fixture]
      .sort((a, b) => b.paper.upvotes - a.paper.upvotes)
      .map((item) => item.paper.id);
    expect(document.items.slice(0, 3).map((item) => item.id)).toEqual(byUpvotes.slice(0, 3));
    expect(hf.requestsTo("/api/daily_papers").some((request) => request.query.date === "2026-06-12")).toBe(
      true,
    );
    expect(hf.requests[0]?.headers["user-agent"]).toMatch(/paperboy/);
  });

  it("marks the bundled sample as kind sample, so a script never takes it for the day's digest", async () => {
    const closed = await closedPortUrl();
    const result = await runCli(["digest", "--format", "json"], {
      env: env({ PAPERBOY_STORE: "memory://", HF_API_URL: closed, ARXIV_API_URL: closed }),
    });
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as { kind: string; note: string; items: unknown[] };
    expect(document.kind).toBe("sample");
    expect(document.note).toMatch(/SAMPLE/);
    expect(document.items.length).toBeGreaterThan(0);
  });

  it("fails with a one-line reason and a non-zero exit for a bad date", async () => {
    const result = await runCli(["digest", "--date", "2026-02-30", "--format", "json"], { env: env() });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/YYYY-MM-DD/);
  });

  it("stops on a bad variable and names it", async () => {
    const result = await runCli(["digest", "--format", "json"], {
      env: env({ PAPERBOY_TIMEZONE: "Mars/Base" }),
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^paperboy: Invalid configuration: PAPERBOY_TIMEZONE: expected an IANA time zone/,
    );
  });
});

describe("ingest then search share the store", () => {
  it("finds what ingest stored even when remote search is down", async () => {
    const ingested = await runCli(["ingest", "--from", "2026-06-11", "--to", "2026-06-12"], { env: env() });
    expect(ingested.code, ingested.stderr).toBe(0);
    expect(ingested.stdout).toContain("2026-06-11: 0 papers");
    expect(ingested.stdout).toContain("2026-06-12: 30 papers");
    expect(ingested.stdout).toContain("ingested 30 papers over 2 days");
    const oneDay = await runCli(["ingest", "--from", "2026-06-12", "--to", "2026-06-12"], { env: env() });
    expect(oneDay.stdout).toContain("ingested 30 papers over 1 day\n");

    const found = await runCli(["search", "sparse", "attention", "--format", "json"], { env: env() });
    expect(found.code, found.stderr).toBe(0);
    const document = JSON.parse(found.stdout) as { query: string; items: { id: string }[] };
    expect(document.query).toBe("sparse attention");
    expect(document.items[0]?.id).toBe("2606.13392");
  });

  it("takes -word as an exclude in the query, next to --limit, --format and --", async () => {
    const search = async (...args: string[]) => {
      const result = await runCli(["search", ...args], { env: env() });
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as { query: string; items: { id: string; title: string }[] };
    };
    const visual = "2606.09290";
    const [all, excluded, afterDashes] = await Promise.all([
      search("agents", "--limit", "20", "--format", "json"),
      search("agents", "-visual", "--limit", "20", "--format", "json"),
      search("--format", "json", "--", "-visual", "agents"),
    ]);
    expect(all.items.map((item) => item.id)).toContain(visual);
    expect(excluded.query).toBe("agents -visual");
    expect(excluded.items.length).toBeGreaterThan(10);
    expect(excluded.items.map((item) => item.id)).not.toContain(visual);
    expect(excluded.items.every((item) => !/visual/i.test(item.title))).toBe(true);
    expect(afterDashes.query).toBe("-visual agents");
    expect(afterDashes.items.map((item) => item.id)).not.toContain(visual);
  });

  it("still refuses a mistyped --option instead of searching for it", async () => {
    const result = await runCli(["search", "agents", "--limti", "3"], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toBe(
      "paperboy: unknown option '--limti' (to leave out a word, write -word)",
    );
  });

  it("names a mistyped subcommand and the one meant, instead of failing inside the default run", async () => {
    const result = await runCli(["digets", "--date", "2026-06-12"], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toBe(
      "paperboy: unknown command 'digets' (did you mean 'digest'?); commands: run, digest, search, ingest, followups, register, help",
    );
  });

  it("with --arxiv also stores the followed categories' arXiv listing for each day", async () => {
    const ingested = await runCli(["ingest", "--from", "2026-06-12", "--to", "2026-06-12", "--arxiv"], {
      env: env(),
    });
    expect(ingested.code, ingested.stderr).toBe(0);
    expect(ingested.stdout).toContain("2026-06-12: 30 papers + 5 from arXiv");
    const query = arxiv.requestsTo("/api/query").at(-1)?.query.search_query ?? "";
    expect(query).toContain("cat:cs.LG");
    expect(query).toContain("submittedDate:[202606120000 TO 202606122359]");

    const found = await runCli(["search", "dexterous", "articulated", "tools", "--format", "json"], {
      env: env(),
    });
    const document = JSON.parse(found.stdout) as { items: { id: string }[] };
    expect(document.items[0]?.id).toBe("2606.13677");
  });
});

describe("paperboy run (console adapter)", () => {
  it("answers scripted /papers lines on stdout and exits at the end of input", async () => {
    const input = [
      "/papers help",
      "/papers today",
      "/papers topic forgetting",
      "/papers paper 2606.13392",
      "/papers frobnicate",
    ].join("\n");
    const result = await runCli(["run"], {
      env: env({ PAPERBOY_STORE: "memory://", PAPERBOY_TIMEZONE: "UTC" }),
      input,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("/papers topic <words");
    expect(result.stdout).toMatch(/📰 No new papers today/);
    expect(result.stdout).toContain("MiniMax Sparse Attention");
    expect(hf.requestsTo("/api/papers/2606.13392")).toHaveLength(1);
    expect(result.stdout).toContain("Unknown command “frobnicate”");
  });

  it("says in one line when Hugging Face is unreachable and shows the labelled sample", async () => {
    const closed = await closedPortUrl();
    const result = await runCli(["run"], {
      env: env({ PAPERBOY_STORE: "memory://", HF_API_URL: closed, ARXIV_API_URL: closed }),
      input: "/papers today\n/papers paper 2606.13392\n",
    });
    expect(result.code, result.stderr).toBe(0);
    const noteLines = result.stdout.split("\n").filter((line) => /unreachable|not answering/.test(line));
    expect(noteLines.length).toBeGreaterThanOrEqual(1);
    expect(noteLines[0]).toMatch(/SAMPLE/);
    expect(result.stdout).toContain("MiniMax Sparse Attention");
  });
});

describe("paperboy register", () => {
  it("prints the Slack app manifest with the command, scopes and events", async () => {
    const result = await runCli(["register"], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("command: /papers");
    for (const needed of [
      "chat:write",
      "reactions:read",
      "users:read",
      "reaction_added",
      "reaction_removed",
      "app_home_opened",
      "/slack/events",
    ]) {
      expect(result.stdout).toContain(needed);
    }
    expect(result.stderr).toMatch(/Discord: set DISCORD_TOKEN/);
  });

  it("registers /papers in one Discord server with DISCORD_GUILD_ID, or globally without it", async () => {
    const fake = await startFakeDiscord({ token: DISCORD_TEST_TOKEN });
    try {
      const discord = { DISCORD_TOKEN: DISCORD_TEST_TOKEN, DISCORD_API_URL: fake.apiUrl };
      const inGuild = await runCli(["register"], {
        env: env({ ...discord, DISCORD_GUILD_ID: DEFAULT_GUILD_ID }),
      });
      expect(inGuild.code, inGuild.stderr).toBe(0);
      expect(inGuild.stdout).toContain("command: /papers");
      expect(inGuild.stderr).toContain(
        `registered /papers with ${commands.length} subcommands in server ${DEFAULT_GUILD_ID}`,
      );
      expect(inGuild.stderr).toContain(
        `https://discord.com/oauth2/authorize?client_id=${fake.applicationId}`,
      );
      const [papers] = fake.commands(DEFAULT_GUILD_ID);
      expect(papers?.name).toBe("papers");
      expect(((papers?.options ?? []) as { name: string }[]).map((option) => option.name)).toEqual(
        commands.map((command) => command.name),
      );
      expect(fake.commands()).toEqual([]);

      const global = await runCli(["register"], {
        env: env({ ...discord, DISCORD_APPLICATION_ID: fake.applicationId }),
      });
      expect(global.code, global.stderr).toBe(0);
      expect(global.stderr).toContain("globally");
      expect(fake.commands().map((command) => command.name)).toEqual(["papers"]);

      const rejected = await runCli(["register"], {
        env: env({ ...discord, DISCORD_TOKEN: "MTAw.wrong.token" }),
      });
      expect(rejected.code).toBe(2);
      expect(rejected.stderr).toMatch(/^paperboy: DISCORD_TOKEN: Discord rejected the token/m);
      expect(rejected.stderr).not.toContain("MTAw.wrong.token");

      // Discord unreachable: the one line says what was being tried, and where.
      const closed = await closedPortUrl();
      const offline = await runCli(["register"], { env: env({ ...discord, DISCORD_API_URL: closed }) });
      expect(offline.code).toBe(1);
      expect(offline.stderr).toMatch(
        new RegExp(`^paperboy: Discord: could not register /papers at ${closed.replace(/[.]/g, "\\.")}`, "m"),
      );

      const halfSet = await runCli(["register"], { env: env({ DISCORD_GUILD_ID: DEFAULT_GUILD_ID }) });
      expect(halfSet.code).toBe(2);
      expect(halfSet.stderr).toMatch(/DISCORD_TOKEN: required when DISCORD_GUILD_ID is set/);
    } finally {
      await fake.close();
    }
  });
});
