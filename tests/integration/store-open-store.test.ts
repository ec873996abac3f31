import { existsSync } from "node:fs";
import { mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { KvBackend } from "../../src/store/backend.ts";
import { StoreError } from "../../src/store/errors.ts";
import { openStore } from "../../src/store/open-store.ts";
import { describeWithRedis } from "../helpers/redis.ts";

const SQLITE_MAGIC = "SQLite format 3\0";

let dir: string;
const startDir = process.cwd();
const opened: KvBackend[] = [];
const open = async (url: string, options?: Parameters<typeof openStore>[1]): Promise<KvBackend> => {
  const backend = await openStore(url, options);
  opened.push(backend);
  return backend;
};
/** The StoreError that `promise` rejects with (failing the test when it resolves or throws something else). */
const storeError = async (promise: Promise<unknown>): Promise<StoreError> => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
};

beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "paperboy-open-")));
});
afterEach(async () => {
  process.chdir(startDir);
  await Promise.all(opened.splice(0).map((backend) => backend.close()));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("openStore: sqlite URLs", () => {
  it("resolves sqlite://./relative/path from the current directory, creating missing directories", async () => {
    process.chdir(dir);
    const kv = await open("sqlite://./rel/data/paperboy.sqlite");
    await kv.set("channels:a", { topics: ["rl"] });
    expect(kv.kind).toBe("sqlite");
    const file = join(dir, "rel", "data", "paperboy.sqlite");
    expect((await readFile(file)).subarray(0, 16).toString("latin1")).toBe(SQLITE_MAGIC);
    expect(existsSync(join(startDir, "rel"))).toBe(false);
  });

  it("resolves sqlite://relative/path without ./ the same way", async () => {
    process.chdir(dir);
    await open("sqlite://bare/paperboy.sqlite");
    expect(existsSync(join(dir, "bare", "paperboy.sqlite"))).toBe(true);
  });

  it("uses sqlite:///absolute/path as it is, whatever the current directory", async () => {
    const file = join(dir, "abs", "store.sqlite");
    process.chdir(tmpdir());
    const kv = await open(`sqlite://${file}`);
    await kv.set("k", 1);
    expect((await readFile(file)).subarray(0, 16).toString("latin1")).toBe(SQLITE_MAGIC);
  });

  it("rejects a file that is not SQLite, naming it and saying what to do", async () => {
    const file = join(dir, "garbage.sqlite");
    await writeFile(file, Buffer.alloc(4096, "not a database, just bytes "));
    const error = await storeError(openStore(`sqlite://${file}`));
    expect(error.code).toBe("not-a-database");
    expect(error.message).toBe(
      `[paperboy] [store] [sqlite] ${file} is not a SQLite database: move it away, or set PAPERBOY_STORE to another path`,
    );
  });

  it("rejects a path whose directory cannot be created, naming the file", async () => {
    const blocker = join(dir, "a-file");
    await writeFile(blocker, "in the way");
    const file = join(blocker, "sub", "paperboy.sqlite");
    const error = await storeError(openStore(`sqlite://${file}`));
    expect(error.code).toBe("unwritable");
    expect(error.message).toMatch(/^\[paperboy\] \[store\] \[sqlite\] cannot create the directory /);
    expect(error.message).toContain(file);
    expect(error.message).toContain("set PAPERBOY_STORE to another path");
  });

  it("rejects a path that is a directory", async () => {
    const error = await storeError(openStore(`sqlite://${dir}`));
    expect(error.code).toBe("cannot-open");
    expect(error.message).toContain(`${dir} cannot be opened`);
  });
});

describe("openStore: other URLs", () => {
  it("opens memory://", async () => {
    const kv = await open("memory://");
    await kv.set("k", "v");
    expect([kv.kind, await kv.get("k")]).toEqual(["memory", "v"]);
  });

  it("names PAPERBOY_STORE and every accepted form for an unknown scheme, without echoing the rest", async () => {
    const error = await storeError(openStore("postgres://admin:s3cret@db/paperboy"));
    expect(error.code).toBe("invalid-url");
    expect(error.message).toBe(
      "[paperboy] [store] [url] PAPERBOY_STORE has an unsupported form (postgres:…): use memory://, " +
        "sqlite://./relative/path, sqlite:///absolute/path, redis://host:port[/db] or rediss://host:port[/db]",
    );
  });

  it("suggests the sqlite:// form for a bare path", async () => {
    const error = await storeError(openStore("./data/paperboy.sqlite"));
    expect(error.message).toContain("(for a file: sqlite://./data/paperboy.sqlite)");
  });

  it("rejects an empty sqlite path", async () => {
    expect((await storeError(openStore("sqlite://"))).code).toBe("invalid-url");
  });
});

describe("openStore: Redis that does not answer", () => {
  let silent: Server;
  const sockets: Socket[] = [];
  let closedPort: number;
  beforeAll(async () => {
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((done) => silent.listen(0, "127.0.0.1", done));
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise((done) => probe.close(done));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((done) => silent.close(done));
  });

  it("fails at once when nothing listens, naming the URL without its password", async () => {
    const url = `redis://paperboy:hunter2@127.0.0.1:${closedPort}/2`;
    const error = await storeError(openStore(url));
    expect(error.code).toBe("unreachable");
    expect(error.message).toContain(`redis://paperboy:***@127.0.0.1:${closedPort}/2`);
    expect(error.message).toContain("set PAPERBOY_STORE to another URL");
    expect(error.message).not.toContain("hunter2");
  });

  it("gives up after the connect timeout when the server never answers", async () => {
    const { port } = silent.address() as { port: number };
    const started = Date.now();
    const error = await storeError(openStore(`redis://127.0.0.1:${port}`, { connectTimeoutMs: 200 }));
    expect(error.code).toBe("unreachable");
    expect(error.message).toContain("no answer within 200 ms");
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describeWithRedis("openStore: redis", (url) => {
  it("opens redis:// and answers ping", async () => {
    const kv = await open(url);
    await expect(kv.ping()).resolves.toBeUndefined();
    expect(kv.kind).toBe("redis");
  });
});
