import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import { Catalog } from "../../src/papers/catalog.ts";
import { Paper } from "../../src/papers/paper.ts";
import { SearchIndex } from "../../src/search/search-index.ts";
import type { KvBackend } from "../../src/store/backend.ts";
import { createSqliteBackend } from "../../src/store/drivers/sqlite.ts";
import { CHANGE_LOG_TTL_MS, PaperRepository } from "../../src/store/paper-repository.ts";
import { captureLogs } from "../helpers/log-capture.ts";
import { waitFor } from "../helpers/slack-harness.ts";
import { fakeSources, fixturePapers } from "../helpers/test-app.ts";

const NOW = new Date("2026-06-12T09:00:00Z");
const topic = (catalog: Catalog, query: string) =>
  catalog.search(query, 10).then((answer) => answer.value.map((hit) => hit.paper.id));
const extra = Paper.parse({
  id: "2606.99999",
  title: "Quokka: Tree-Kangaroo Curricula for Continual Robot Locomotion",
  abstract: "We teach a quadruped new gaits without forgetting old ones.",
  featuredOn: "2026-06-12",
  upvotes: 3,
});

describe("the search index saved next to the store", () => {
  let dir: string;
  let indexFile: string;
  let backends: KvBackend[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-index-"));
    indexFile = join(dir, "store.sqlite.index");
    backends = [];
  });
  afterEach(async () => {
    await Promise.all(backends.map((backend) => backend.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  /** A process's view of the store: its own connection, index and catalog (upstream unreachable). */
  async function start(now: Date = NOW, logger = silentLogger) {
    const backend = await createSqliteBackend(join(dir, "store.sqlite"));
    backends.push(backend);
    const papers = new PaperRepository(backend);
    const catalog = new Catalog(
      papers,
      new SearchIndex(),
      fakeSources({}, { down: true }),
      logger,
      () => now,
    );
    return { papers, catalog, load: () => catalog.load(indexFile) };
  }

  it("is built from the store the first time, saved, and loaded from the file afterwards with the same answers", async () => {
    const first = await start();
    await first.papers.upsert(fixturePapers(), NOW.getTime());
    const logs = captureLogs();
    const built = await new Catalog(
      first.papers,
      new SearchIndex(),
      fakeSources({}, { down: true }),
      logs.logger,
      () => NOW,
    ).load(indexFile);
    expect(built).toMatchObject({ papers: 30, from: "store" });
    expect(logs.lines().map((line) => line.msg)).toContain(
      "no saved search index yet: indexing every stored paper",
    );
    expect(existsSync(indexFile)).toBe(true);

    const second = await start();
    expect(await second.load()).toMatchObject({ papers: 30, from: "file" });
    const reference = await start();
    await reference.catalog.load();
    for (const query of ["diffusion", "agents", "video generation", "reasoning -math"]) {
      const ids = await topic(second.catalog, query);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).toEqual(await topic(reference.catalog, query));
    }
  });

  it("catches up with papers another process stored after the file was saved", async () => {
    const first = await start();
    // Stored an hour before the file is saved: outside the margin that catch-ups read again.
    await first.papers.upsert(fixturePapers(), NOW.getTime() - 3_600_000);
    await first.load();
    expect(await topic(first.catalog, "quokka")).toEqual([]);

    const other = await start(new Date(NOW.getTime() + 3_600_000));
    await other.papers.upsert([extra], NOW.getTime() + 3_600_000);

    const later = await start(new Date(NOW.getTime() + 7_200_000));
    expect(await later.load()).toMatchObject({ papers: 31, from: "file", caughtUp: 1 });
    expect(await topic(later.catalog, "quokka")).toEqual([extra.id]);
  });

  it("saves on close only what changed, and what it saves includes papers remembered since loading", async () => {
    const first = await start();
    await first.papers.upsert(fixturePapers(), NOW.getTime());
    await first.load();
    expect(await first.catalog.saveIndex(indexFile)).toBe(false);
    await first.catalog.remember([extra]);
    expect(await first.catalog.saveIndex(indexFile)).toBe(true);
    expect(await first.catalog.saveIndex(indexFile)).toBe(false);

    const next = await start();
    expect(await next.load()).toMatchObject({ papers: 31, from: "file" });
    expect(await topic(next.catalog, "quokka")).toEqual([extra.id]);
  });

  it("rebuilds from the store, with a warning naming the reason, when the file is damaged", async () => {
    const first = await start();
    await first.papers.upsert(fixturePapers(), NOW.getTime());
    await first.load();
    const bytes = readFileSync(indexFile);
    bytes[bytes.length - 100]! ^= 0xff;
    writeFileSync(indexFile, bytes);

    const logs = captureLogs();
    const next = await start(NOW, logs.logger);
    expect(await next.load()).toMatchObject({ papers: 30, from: "store" });
    const warning = logs.lines().find((line) => line.level === 40);
    expect(warning).toMatchObject({
      msg: "cannot use the saved search index: indexing every stored paper",
      indexFile,
      reason: expect.stringMatching(/checksum mismatch/),
    });
    expect((await topic(next.catalog, "diffusion")).length).toBeGreaterThan(0);
    // The rebuild saved a good file again.
    expect(await (await start()).load()).toMatchObject({ from: "file" });
  });

  it("rebuilds from the store when the file is older than the change log that could bring it up to date", async () => {
    const first = await start();
    await first.papers.upsert(fixturePapers(), NOW.getTime());
    await first.load();
    const muchLater = await start(new Date(NOW.getTime() + CHANGE_LOG_TTL_MS + 3_600_000));
    expect(await muchLater.load()).toMatchObject({ papers: 30, from: "store" });
  });

  it("is saved by an app that indexed every stored paper once it is up, without waiting for close", async () => {
    const env = { PAPERBOY_STORE: `sqlite://${join(dir, "store.sqlite")}`, LOG_LEVEL: "silent" };
    const seed = await start();
    await seed.papers.upsert(fixturePapers(), NOW.getTime());
    const options = { commands, sources: fakeSources({}, { down: true }), now: () => NOW };
    const waiting = await createApp(loadConfig(env), silentLogger, {
      ...options,
      indexSaveDelayMs: 3_600_000,
    });
    expect(existsSync(indexFile)).toBe(false);
    expect((await waiting.catalog.search("diffusion", 5)).value.length).toBeGreaterThan(0);
    await waiting.close();
    expect(existsSync(indexFile)).toBe(true);

    rmSync(indexFile);
    const app = await createApp(loadConfig(env), silentLogger, { ...options, indexSaveDelayMs: 0 });
    try {
      await waitFor(() => existsSync(indexFile), 60_000);
      const next = await start();
      expect(await next.load()).toMatchObject({ papers: 30, from: "file" });
    } finally {
      await app.close();
    }
  });

  it("is saved by the app on close and used by the next app started on the same store", async () => {
    const env = { PAPERBOY_STORE: `sqlite://${join(dir, "store.sqlite")}`, LOG_LEVEL: "silent" };
    const logs = captureLogs();
    const sources = fakeSources({ "2026-06-12": fixturePapers() });
    const app = await createApp(loadConfig(env), logs.logger, { commands, sources, now: () => NOW });
    await app.catalog.forDate("2026-06-12");
    await app.close();
    expect(existsSync(indexFile)).toBe(true);

    const again = captureLogs();
    const next = await createApp(loadConfig(env), again.logger, { commands, sources, now: () => NOW });
    try {
      expect(
        again.lines().find((line) => line.msg === "search index loaded from its saved file"),
      ).toMatchObject({
        papers: 30,
        from: "file",
      });
      expect((await next.catalog.search("diffusion", 5)).value.length).toBeGreaterThan(0);
    } finally {
      await next.close();
    }
    const off = await createApp(loadConfig({ ...env, PAPERBOY_INDEX_FILE: "off" }), silentLogger, {
      commands,
      sources,
      now: () => NOW,
    });
    rmSync(indexFile);
    await off.catalog.remember([extra]);
    await off.close();
    expect(existsSync(indexFile)).toBe(false);
  });
});
