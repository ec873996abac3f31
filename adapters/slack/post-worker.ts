import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { performance } from "node:perf_hooks";
import { isMainThread, parentPort, workerData } from "node:worker_threads";

/** What the posting thread is started with. */
export interface PostWorkerSetup {
  kind: typeof POST_WORKER_MARK;
  /** `chat.postMessage`'s full URL. */
  url: string;
  /** How long a request may sit without any traffic before it fails. */
  timeoutMs: number;
}

/** One post handed to the posting thread: the form-encoded body (`application/x-www-form-urlencoded`) and the token. */
export interface PostRequest {
  id: number;
  auth: string | undefined;
  body: string;
}

/**
 * The posting thread's answer: Slack's HTTP answer as it came (the caller reads it as the WebClient
 * would), or why no complete answer came (reset, timeout, refused: the message may have landed).
 */
export type PostAnswer =
  | {
      id: number;
      status: number;
      statusMessage: string | undefined;
      /** Every header for an answer other than a 200, `retry-after` alone otherwise. */
      headers: Record<string, string | string[] | undefined>;
      text: string;
      /** When the whole answer was in, in epoch milliseconds (sub-millisecond; comparable across threads). */
      at: number;
    }
  | { id: number; failure: string }
  /** Sent once, when the thread takes posts. */
  | { ready: true };

/**
 * The most connections the posting thread keeps to Slack; posts beyond it wait for a free one, in the
 * order they came. Without a cap, a fan-out's first messages (one per channel, all at once) each opened a
 * connection of their own: 1,000 connections set up and torn down on both ends for 1,000 channels, about
 * a third of the posting thread's CPU and more of the server's. Posts in flight at once are the posting
 * rate times the round trip (2,000 a second over 100 ms is 200), so 256 keeps a large fan-out to a distant
 * Slack going while the connections are reused.
 */
export const MAX_SOCKETS = 256;

/** Marks the worker data of the posting thread. */
export const POST_WORKER_MARK = "paperboy-slack-post-worker";

/**
 * The posting thread: sends each `chat.postMessage` it is handed with Node's HTTP client over kept-alive
 * connections and hands back the raw answer. It exists so that a fan-out's HTTP work (the socket writes and
 * reads, the client's bookkeeping: about half of the main thread's work per message) runs beside the main
 * thread instead of on it. The body comes encoded: the main thread encodes a paper card shared by many
 * channels once (`formBody`), where this thread would encode it again for every post. It decides nothing:
 * no retries, no reading of the answer.
 */
function servePosts(port: NonNullable<typeof parentPort>, setup: PostWorkerSetup): void {
  const url = new URL(setup.url);
  const https = url.protocol === "https:";
  // Node's global agents' settings, on an agent of our own, with at most MAX_SOCKETS connections.
  const agentOptions = {
    keepAlive: true,
    scheduling: "lifo" as const,
    timeout: 5_000,
    maxSockets: MAX_SOCKETS,
  };
  const agent = https ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const send = https ? (httpsRequest as typeof httpRequest) : httpRequest;
  port.on("message", ({ id, auth, body }: PostRequest) => {
    const answer = (message: PostAnswer) => port.postMessage(message);
    let answered = false;
    const fail = (error: Error) => {
      if (answered) return;
      answered = true;
      answer({ id, failure: error.message });
    };
    const request = send(
      url,
      {
        method: "POST",
        agent,
        timeout: setup.timeoutMs,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": String(Buffer.byteLength(body)),
          ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", fail);
        response.on("end", () => {
          if (answered) return;
          answered = true;
          const status = response.statusCode ?? 0;
          answer({
            id,
            status,
            statusMessage: response.statusMessage,
            headers: status === 200 ? { "retry-after": response.headers["retry-after"] } : response.headers,
            text: Buffer.concat(chunks).toString("utf8"),
            at: performance.timeOrigin + performance.now(),
          });
        });
      },
    );
    request.on("timeout", () =>
      request.destroy(new Error(`timeout of ${setup.timeoutMs}ms exceeded without an answer`)),
    );
    request.on("error", fail);
    request.end(body);
  });
  port.postMessage({ ready: true } satisfies PostAnswer);
}

const setup = workerData as PostWorkerSetup | undefined;
if (!isMainThread && parentPort && setup?.kind === POST_WORKER_MARK) servePosts(parentPort, setup);
