import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { MessagePoster } from "../../adapters/slack/post-message.ts";

/** A Web API that answers, or cuts the connection instead, as `cut` decides per request. */
async function startWebApi(cut: (requestOnSocket: number) => boolean) {
  const perSocket = new WeakMap<Socket, number>();
  const seen: string[] = [];
  const landed: string[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const count = (perSocket.get(request.socket) ?? 0) + 1;
    perSocket.set(request.socket, count);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const channel = new URLSearchParams(Buffer.concat(chunks).toString()).get("channel") ?? "";
      seen.push(channel);
      if (cut(count)) {
        request.socket.destroy();
        return;
      }
      landed.push(channel);
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ ok: true, channel, ts: `1700000000.00000${landed.length}` }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return { server, seen, landed, apiUrl: `http://127.0.0.1:${port}/api/` };
}

describe("paperboy's chat.postMessage client and kept-alive connections", () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const close of cleanup.splice(0)) close();
  });

  it("sends again on a new connection when a reused one is reset before any answer, and the message lands once", async () => {
    // The server drops every second request of a connection, as a server closing it for idleness would.
    const api = await startWebApi((requestOnSocket) => requestOnSocket > 1);
    const poster = new MessagePoster({ apiUrl: api.apiUrl, token: "xoxb-t", timeoutMs: 5_000 });
    cleanup.push(
      () => poster.close(),
      () => api.server.close(),
    );

    const first = await poster.postMessage({ channel: "C1", text: "one" });
    const second = await poster.postMessage({ channel: "C2", text: "two" });

    expect([first.ok, second.ok]).toEqual([true, true]);
    expect(api.landed).toEqual(["C1", "C2"]);
    // C2 went out twice: once on the reused connection (cut), once on a new one.
    expect(api.seen).toEqual(["C1", "C2", "C2"]);
  });

  it("does not send again when a new connection is reset: the message may have landed", async () => {
    const api = await startWebApi(() => true);
    const poster = new MessagePoster({ apiUrl: api.apiUrl, token: "xoxb-t", timeoutMs: 5_000 });
    cleanup.push(
      () => poster.close(),
      () => api.server.close(),
    );

    const error = await poster.postMessage({ channel: "C1", text: "one" }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: "slack_webapi_request_error" });
    expect(api.seen).toEqual(["C1"]);
  });
});
