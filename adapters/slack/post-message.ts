import { EventEmitter } from "node:events";
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { stringify } from "node:querystring";
import { webApi } from "@slack/bolt";

/** The arguments of one `chat.postMessage`: `token` overrides the client's own (OAuth: the team's bot token). */
export interface PostMessageArguments {
  token?: string;
  channel: string;
  [argument: string]: unknown;
}

/** Slack's answer to a post that landed: the message's `ts` among the rest. */
export interface PostMessageResult {
  ok: true;
  ts?: string;
  [field: string]: unknown;
}

/** Options for {@link MessagePoster}. */
export interface MessagePosterOptions {
  /** The Web API base URL, ending in `/` (`https://slack.com/api/`). */
  apiUrl: string;
  /** The bot token used when a call brings none; undefined with OAuth, where every call brings its team's. */
  token?: string;
  /** How long a request may sit without any traffic before it fails. */
  timeoutMs: number;
}

/**
 * Sends `chat.postMessage` with Node's own HTTP client instead of Bolt's WebClient. This hand-written
 * piece stays because the fan-out benchmark needs it: on Bolt 5 (web-api 8, native fetch) the WebClient
 * still costs 0.78 ms of CPU per warm call against this poster's 0.16 ms (4.8×, `npm run bench -- poster`,
 * 2026-12-06), which at 1,000 channels is 0.6 s of main thread spent on posting alone. It behaves as the posting WebClient did (no retries, a 429 rejected at once)
 * and fails with the WebClient's error shapes, so `slackErrorCode`, `rateLimitWaitMs` and the pacer read
 * them unchanged: `{ ok: false, error }` is a platform error, a 429 with `Retry-After` a rate-limited
 * error (and a `rate_limited` event, as the WebClient emits), another status an HTTP error, and a request
 * cut off (reset, timeout) a request error, after which the message may or may not be in the channel.
 * The body is form-encoded as the WebClient sends it; the token goes in the `Authorization` header only.
 */
export class MessagePoster extends EventEmitter {
  private readonly url: URL;
  private readonly token: string | undefined;
  private readonly timeoutMs: number;
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;

  constructor(options: MessagePosterOptions) {
    super();
    this.url = new URL("chat.postMessage", options.apiUrl);
    this.token = options.token;
    this.timeoutMs = options.timeoutMs;
    const https = this.url.protocol === "https:";
    // Node's global agents' settings, on an agent of our own so `close()` can drop its connections.
    const agentOptions = { keepAlive: true, scheduling: "lifo" as const, timeout: 5_000 };
    this.agent = https ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.send = https ? (httpsRequest as typeof httpRequest) : httpRequest;
  }

  /** Posts one message; resolves with Slack's answer or rejects with a WebClient-shaped error. */
  postMessage({ token, ...fields }: PostMessageArguments): Promise<PostMessageResult> {
    const body = stringify(formFields(fields));
    const auth = token ?? this.token;
    return new Promise((resolve, reject) => {
      const request = this.send(
        this.url,
        {
          method: "POST",
          agent: this.agent,
          timeout: this.timeoutMs,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "content-length": String(Buffer.byteLength(body)),
            ...(auth ? { authorization: `Bearer ${auth}` } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", (error) => reject(requestError(error)));
          response.on("end", () => {
            try {
              resolve(this.result(response, Buffer.concat(chunks).toString("utf8")));
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      request.on("timeout", () =>
        request.destroy(new Error(`timeout of ${this.timeoutMs}ms exceeded without an answer`)),
      );
      request.on("error", (error) => reject(requestError(error)));
      request.end(body);
    });
  }

  /** Closes the idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  /** Slack's answer as a result, or as the error the WebClient would have thrown for it. */
  private result(response: IncomingMessage, text: string): PostMessageResult {
    const status = response.statusCode ?? 0;
    if (status === 429) {
      const retryAfter = Number.parseInt(String(response.headers["retry-after"]), 10);
      if (!Number.isNaN(retryAfter)) {
        this.emit(webApi.WebClientEvent.RATE_LIMITED, retryAfter, { url: this.url.href });
        throw Object.assign(
          new Error(`A rate-limit has been reached, you may retry this request in ${retryAfter} seconds`),
          { code: webApi.ErrorCode.RateLimitedError, retryAfter },
        );
      }
    }
    const parsed = parseJson(text);
    if (status !== 200 || parsed === undefined) {
      throw Object.assign(new Error(`An HTTP protocol error occurred: statusCode = ${status}`), {
        code: webApi.ErrorCode.HTTPError,
        statusCode: status,
        statusMessage: response.statusMessage,
        headers: response.headers,
        body: parsed ?? text.slice(0, 500),
      });
    }
    if (parsed.ok !== true) {
      throw Object.assign(new Error(`An API error occurred: ${String(parsed.error)}`), {
        code: webApi.ErrorCode.PlatformError,
        data: parsed,
      });
    }
    return parsed as PostMessageResult;
  }
}

/** The WebClient's form encoding: nested values as JSON, undefined and null left out. */
function formFields(fields: Record<string, unknown>): Record<string, string | number | boolean> {
  const form: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    form[name] =
      typeof value === "string" || typeof value === "number" || typeof value === "boolean"
        ? value
        : JSON.stringify(value);
  }
  return form;
}

/** A request that got no complete answer (reset, timeout, refused): the message may have landed. */
function requestError(original: Error): Error {
  return Object.assign(new Error(`A request error occurred: ${original.message}`), {
    code: webApi.ErrorCode.RequestError,
    original,
  });
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
