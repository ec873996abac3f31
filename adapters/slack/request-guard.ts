import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";

/**
 * The largest request body `/slack/events` accepts: 1 MiB. Slack's own payloads (slash commands,
 * events, interactivity, a modal's state) are a few kilobytes to a few hundred; Bolt 4's HTTP receiver
 * has no limit of its own and buffers any body whole before checking its signature.
 */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;

/** Options for {@link guardSlackRequests}. */
export interface SlackRequestGuardOptions {
  /** Which requests carry a body for Bolt (`POST /slack/events`); others pass through unread. */
  path: string;
  maxBodyBytes?: number;
}

/**
 * Wraps Bolt's request listener so that only bodies Slack could have sent reach it: a body over the
 * limit is answered 413 as soon as that is known (from `Content-Length`, or while a chunked body
 * arrives, which then stops being read), and a body that is neither a JSON object nor a form (with an
 * object as its `payload`) is answered 400, signed or not. Bolt reads `body.ssl_check` before anything
 * else, outside any `try`: a signed `null` would otherwise be an unhandled rejection.
 */
export function guardSlackRequests(
  next: RequestListener,
  options: SlackRequestGuardOptions,
): RequestListener {
  const limit = options.maxBodyBytes ?? MAX_SLACK_BODY_BYTES;
  return (request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (request.method?.toUpperCase() !== "POST" || path !== options.path) {
      next(request, response);
      return;
    }
    void readBody(request, response, limit).then((body) => {
      if (!body) return;
      if (!isSlackShaped(body, request.headers["content-type"])) {
        response.writeHead(400, { "content-type": "text/plain" }).end("expected a JSON object or a form\n");
        return;
      }
      // Bolt reads a body it finds already buffered instead of the stream (`bufferIncomingMessage`).
      Object.assign(request, { rawBody: body });
      next(request, response);
    });
  };
}

/** The whole body, or undefined once it has been answered 413 (or the client went away). */
function readBody(
  request: IncomingMessage,
  response: ServerResponse,
  limit: number,
): Promise<Buffer | undefined> {
  const tooLarge = () => {
    // The rest is never read: the connection closes after this answer.
    request.pause();
    response
      .writeHead(413, { "content-type": "text/plain", connection: "close" })
      .end(`request body over ${limit} bytes\n`);
  };
  if (Number(request.headers["content-length"] ?? 0) > limit) {
    tooLarge();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off("data", onData);
        chunks.length = 0;
        tooLarge();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    request.on("data", onData);
    request.once("end", () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    request.once("error", () => resolve(undefined));
    request.once("close", () => resolve(undefined));
  });
}

/**
 * Whether a body has a shape Slack sends, parsed as Bolt parses it: a form (`payload`, when present,
 * a JSON object) for `application/x-www-form-urlencoded`, otherwise a JSON object.
 */
function isSlackShaped(body: Buffer, contentType: string | undefined): boolean {
  const text = body.toString();
  if (contentType === "application/x-www-form-urlencoded") {
    const { payload } = parseQuery(text);
    return typeof payload !== "string" || isJsonObject(payload);
  }
  return isJsonObject(text);
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
