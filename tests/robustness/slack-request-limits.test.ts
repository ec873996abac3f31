import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_SLACK_BODY_BYTES } from "../../adapters/slack/request-guard.ts";
import { type SlackHarness, signatureHeaders, startSlackHarness } from "../helpers/slack-harness.ts";

const FIVE_MB = 5 * 1024 * 1024;
const LIMITS = {
  headersTimeoutMs: 300,
  requestTimeoutMs: 600,
  idleTimeoutMs: 2_000,
  checkIntervalMs: 50,
  maxConnections: 80,
};

/** A raw connection to the harness's server, with everything it received and when it closed. */
function open(
  harness: SlackHarness,
): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { port } = new URL(harness.baseUrl);
  const socket = connect(Number(port), "127.0.0.1");
  let received = "";
  socket.on("data", (chunk) => {
    received += String(chunk);
  });
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return new Promise((resolve) =>
    socket.once("connect", () => resolve({ socket, received: () => received, closed })),
  );
}

/** Rejects when `promise` has not settled within `ms`: the old behaviour was to wait for minutes. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

describe("request bodies and connections on the Slack HTTP receiver are bounded", () => {
  let harness: SlackHarness;

  beforeAll(async () => {
    harness = await startSlackHarness({ serverLimits: LIMITS });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("answers 413 to a 5 MB Content-Length at once, before any of the body is sent", async () => {
    const connection = await open(harness);
    const headers = Object.entries(signatureHeaders("x"))
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
    connection.socket.write(
      `POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${headers}Content-Length: ${FIVE_MB}\r\n\r\n`,
    );
    await within(connection.closed, 2_000, "413 for a declared 5 MB body");
    expect(connection.received()).toMatch(/^HTTP\/1\.1 413 /);
  });

  it("stops reading a chunked 5 MB body once it passes the limit; memory does not grow by the body", async () => {
    const connection = await open(harness);
    const chunk = Buffer.alloc(64 * 1024, "a");
    const frame = `${chunk.length.toString(16)}\r\n`;
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 2);
    connection.socket.write(
      "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    let sent = 0;
    let connected = true;
    void connection.closed.then(() => {
      connected = false;
    });
    // Written as the socket drains, one reused buffer: only the server's reading can grow memory.
    while (connected && sent < FIVE_MB && !connection.received()) {
      const more = connection.socket.write(frame) && connection.socket.write(chunk);
      connection.socket.write("\r\n");
      sent += chunk.length;
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
      if (!more) {
        await Promise.race([
          new Promise((resolve) => connection.socket.once("drain", resolve)),
          connection.closed,
        ]);
      }
    }
    if (connected && !connection.received()) connection.socket.write("0\r\n\r\n");
    await within(connection.closed, 3_000, "413 for a chunked 5 MB body");
    clearInterval(sampler);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(peak - baseline).toBeLessThan(MAX_SLACK_BODY_BYTES * 2.5);
  });

  it("closes connections that drip their headers or their body once the timeouts pass", async () => {
    const started = Date.now();
    const connections = await Promise.all(Array.from({ length: 40 }, () => open(harness)));
    const drips = connections.map(({ socket }, index) => {
      const body = index % 2 === 1;
      socket.write(
        body
          ? "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
          : "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n",
      );
      return setInterval(() => {
        if (!socket.destroyed) socket.write(body ? " " : "X-Drip: 1\r\n");
      }, 40);
    });
    try {
      await within(
        Promise.all(connections.map((connection) => connection.closed)),
        3_000,
        "dripping connections closed",
      );
    } finally {
      for (const drip of drips) clearInterval(drip);
    }
    expect(Date.now() - started).toBeLessThan(3_000);
    // The bot still answers.
    expect((await harness.command("help")).status).toBe(200);
  });

  it("closes connections beyond the cap as they arrive", async () => {
    const held: Awaited<ReturnType<typeof open>>[] = [];
    let refused = 0;
    // One by one, each kept open after its answer, until the server turns new ones away.
    while (refused === 0 && held.length <= LIMITS.maxConnections + 5) {
      const connection = await open(harness);
      connection.socket.write("GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      const answered = await within(
        Promise.race([
          new Promise<boolean>((resolve) => connection.socket.once("data", () => resolve(true))),
          connection.closed.then(() => false),
        ]),
        2_000,
        "an answer or a close",
      );
      if (answered) held.push(connection);
      else refused += 1;
    }
    for (const connection of held) connection.socket.destroy();
    await Promise.all(held.map((connection) => connection.closed));
    expect(refused).toBe(1);
    // Connections other tests left open (a keep-alive client) count too.
    expect(held.length).toBeLessThanOrEqual(LIMITS.maxConnections);
    expect(held.length).toBeGreaterThan(LIMITS.maxConnections - 5);
  });
});
