import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeNeedingRedis } from "./redis.ts";
import { waitFor } from "./slack-harness.ts";

/**
 * A redis-server of the test's own on a free port, with an append-only file so that data survives a
 * restart, which tests can stop and start to play an outage. The machine's shared Redis is never
 * touched.
 */
export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Whether the `redis-server` binary can be run here. */
export function hasRedisServer(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Declares tests that start their own redis-server: skipped with a visible reason when the binary is
 * missing, except under CI, where that fails the run (`.ci/run` installs it).
 */
export function describeWithRedisServer(name: string, body: () => void): void {
  describeNeedingRedis(
    name,
    hasRedisServer(),
    {
      skipReason: "skipped: redis-server is not installed (apt-get install redis-server)",
      ciFailure:
        "CI is set but redis-server is not installed: CI must run the Redis outage tests, not skip them",
    },
    body,
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "paperboy-redis-"));
  let child: ChildProcess | undefined;
  let output = "";
  const start = async () => {
    output = "";
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", ""],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    await waitFor(() => output.includes("Ready to accept connections"), 10_000);
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    // SIGTERM: Redis flushes the append-only file and exits, like an orderly restart.
    running.kill("SIGTERM");
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
