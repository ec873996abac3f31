import { EventEmitter } from "node:events";
import { escape as formEscape, stringify } from "node:querystring";
import type { Worker } from "node:worker_threads";
import { webApi } from "@slack/bolt";
import { siblingModule, startModuleWorker } from "../../src/module-worker.ts";
import { POST_WORKER_MARK, type PostAnswer, type PostRequest, type PostWorkerSetup } from "./post-worker.ts";

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

/** When each answer of the posting thread came in (epoch ms), by the result it resolved with. */
const receivedAt = new WeakMap<object, number>();

/**
 * When the posting thread had the whole answer a result came from, in epoch milliseconds; undefined for a
 * result from elsewhere. The pacer charges a channel's bucket from it: this thread may read the answer
 * much later, while a fan-out keeps it busy.
 */
export function answerReceivedAt(result: unknown): number | undefined {
  return typeof result === "object" && result !== null ? receivedAt.get(result) : undefined;
}

/** A post handed to the posting thread, waiting for its answer. */
interface Pending {
  resolve: (result: PostMessageResult) => void;
  reject: (error: Error) => void;
}

/**
 * Sends `chat.postMessage` with Node's own HTTP client instead of Bolt's WebClient, on a thread of its own.
 * This hand-written piece stays because the fan-out benchmark needs it: on Bolt 5 (web-api 8, native fetch)
 * the WebClient costs 0.71 ms of process CPU per warm call against this poster's 0.47 ms, crossing to its
 * thread included (`npm run bench -- poster`, 2026-12-07; 0.16 ms before the thread), and a fan-out to 1,000
 * channels is limited by its main thread (1.9 s of it with the thread, 7.6 s before): so the HTTP work
 * (sockets, the client's bookkeeping) runs in a worker thread (`post-worker.ts`), and the main thread only
 * encodes the form (each shared blocks array once, see `encodedArray`), hands over the body and reads the
 * answer. It behaves as the posting WebClient did (no retries,
 * a 429 rejected at once) and fails with the WebClient's error shapes, so `slackErrorCode`, `rateLimitWaitMs`
 * and the pacer read them unchanged: `{ ok: false, error }` is a platform error, a 429 with `Retry-After` a
 * rate-limited error (and a `rate_limited` event, as the WebClient emits), another status an HTTP error, and a
 * request cut off (reset, timeout, the posting thread gone) a request error, after which the message may or may
 * not be in the channel. The body is form-encoded as the WebClient sends it; the token goes in the
 * `Authorization` header only.
 */
export class MessagePoster extends EventEmitter {
  private readonly url: URL;
  private readonly token: string | undefined;
  private readonly timeoutMs: number;
  private worker: Worker | undefined;
  /** Settles when the posting thread takes posts, or fails to start. */
  private ready: Promise<void> = Promise.resolve();
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(options: MessagePosterOptions) {
    super();
    this.url = new URL("chat.postMessage", options.apiUrl);
    this.token = options.token;
    this.timeoutMs = options.timeoutMs;
  }

  /**
   * Starts the posting thread ahead of the first post (the first post starts it otherwise) and resolves
   * once it takes posts, so a fan-out's first messages do not wait for it to load.
   */
  async start(): Promise<void> {
    const worker = this.thread();
    // Waiting for it keeps the process alive; idle afterwards, it does not.
    worker.ref();
    try {
      await this.ready;
    } finally {
      if (this.pending.size === 0) worker.unref();
    }
  }

  /** Posts one message; resolves with Slack's answer or rejects with a WebClient-shaped error. */
  postMessage({ token, ...fields }: PostMessageArguments): Promise<PostMessageResult> {
    const request: PostRequest = { id: this.nextId++, auth: token ?? this.token, body: formBody(fields) };
    return new Promise((resolve, reject) => {
      const worker = this.thread();
      this.pending.set(request.id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage(request);
    });
  }

  /** Stops the posting thread, dropping its connections; posts still in flight fail as cut off. */
  close(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    this.failAll(new Error("the poster was closed"));
    void worker.terminate();
  }

  /** The posting thread, started if it is not running. */
  private thread(): Worker {
    if (this.worker) return this.worker;
    const setup: PostWorkerSetup = { kind: POST_WORKER_MARK, url: this.url.href, timeoutMs: this.timeoutMs };
    const worker = startModuleWorker(siblingModule(import.meta.url, "post-worker"), setup);
    let started = () => {};
    let failed: (error: Error) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      started = resolve;
      failed = reject;
    });
    // Only `start()` waits for it; a thread that fails unwatched fails its posts instead.
    this.ready.catch(() => undefined);
    worker.on("message", (answer: PostAnswer) => {
      if ("ready" in answer) started();
      else this.settle(answer);
    });
    const gone = (error: Error) => {
      failed(requestError(error));
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll(error);
    };
    worker.on("error", gone);
    worker.on("exit", (code) => gone(new Error(`the posting thread exited (${code})`)));
    // Idle, it never keeps the process alive (after the listeners: adding one refs the thread again).
    if (this.pending.size === 0) worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(answer: Exclude<PostAnswer, { ready: true }>): void {
    const waiter = this.pending.get(answer.id);
    if (!waiter) return;
    this.pending.delete(answer.id);
    if (this.pending.size === 0) this.worker?.unref();
    if ("failure" in answer) {
      waiter.reject(requestError(new Error(answer.failure)));
      return;
    }
    try {
      const result = this.result(answer);
      receivedAt.set(result, answer.at);
      waiter.resolve(result);
    } catch (error) {
      waiter.reject(error as Error);
    }
  }

  /** Fails every post in flight as cut off: it may or may not have landed. */
  private failAll(error: Error): void {
    const waiters = [...this.pending.values()];
    this.pending.clear();
    for (const waiter of waiters) waiter.reject(requestError(error));
  }

  /** Slack's answer as a result, or as the error the WebClient would have thrown for it. */
  private result(response: Extract<PostAnswer, { status: number }>): PostMessageResult {
    const { status, text } = response;
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

/**
 * `chat.postMessage`'s fields as an `application/x-www-form-urlencoded` body, as the WebClient encodes
 * them: nested values as JSON, undefined and null left out. The same text `querystring.stringify` gives,
 * with each blocks array encoded once.
 */
export function formBody(fields: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    const encoded =
      typeof value === "string" || typeof value === "number" || typeof value === "boolean"
        ? stringify({ [name]: value })
        : `${formEscape(name)}=${Array.isArray(value) ? encodedArray(value) : formEscape(JSON.stringify(value))}`;
    pairs.push(encoded);
  }
  return pairs.join("&");
}

/**
 * Arrays already encoded for the form (a message's `blocks`: JSON, then percent-encoded), per array
 * object: the renderer shares a paper card's blocks between every channel that posts it (see
 * `renderSlack`), and nothing changes rendered blocks in place, so a fan-out encodes each card once
 * instead of once per channel (percent-encoding 2–3 kB of blocks per post was a tenth of the posting
 * thread's work).
 */
const encodedArrays = new WeakMap<readonly unknown[], string>();

function encodedArray(value: readonly unknown[]): string {
  let encoded = encodedArrays.get(value);
  if (encoded === undefined) {
    encoded = formEscape(JSON.stringify(value));
    encodedArrays.set(value, encoded);
  }
  return encoded;
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
