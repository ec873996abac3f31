import { performance } from "node:perf_hooks";
import type { Worker } from "node:worker_threads";
import { describeError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { siblingModule, startModuleWorker } from "../module-worker.ts";
import type {
  ChangeStep,
  IndexablePaper,
  IndexObserver,
  IndexSnapshot,
  SearchHit,
  SearchIndex,
  SearchOptions,
} from "./search-index.ts";
import {
  type FromSearchThread,
  restoreMessage,
  SEARCH_THREAD_MARK,
  type ToSearchThread,
} from "./search-thread.ts";

/**
 * A search the worker has not answered within this long is answered on the main thread instead. Long
 * enough that a burst on a loaded machine is not searched twice (here and, still, there), short enough
 * that no command waits on a stuck worker for long.
 */
export const SEARCH_WORKER_TIMEOUT_MS = 10_000;
/**
 * A worker that owes answers and has sent none for this long is taken for hung and replaced. Longer than
 * a search timeout: a worker indexing a large batch of new papers is busy, not hung.
 */
export const SEARCH_WORKER_HUNG_MS = 30_000;
/** After the worker died or hung, searches run on the main thread for this long, then a new worker starts. */
export const SEARCH_WORKER_RESTART_MS = 60_000;

interface Pending {
  resolve: (hits: SearchHit[]) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
  query: string;
  options: SearchOptions;
}

/** Options of a {@link SearchWorker}; `spawn` exists for tests (a worker that dies or hangs on purpose). */
export interface SearchWorkerOptions {
  logger: Logger;
  spawn?: () => Worker;
  timeoutMs?: number;
  hungMs?: number;
  restartMs?: number;
}

/**
 * Topic searches off the main thread. A worker thread holds a copy of `index`: it starts from a snapshot
 * and is sent every later change in order, so it answers exactly as `index` would. When `index` keeps
 * its arenas in shared memory (`SharedPages`), the copy reads them in place and holds only the rest
 * (columns per paper and per word, ids, the vocabulary): a few tens of MB at 100k papers, not ~130. Under a burst of
 * commands, each search's CPU time then runs beside the main thread's (acks, rendering, HTTP) instead of
 * queueing on its event loop. Until the worker holds its copy, searches are answered here. Nothing is lost
 * when the worker fails: a search it cannot answer (it died, failed, or has not answered within
 * `timeoutMs`) is answered by `index` on the main thread; a worker that died, failed or has sent nothing
 * for `hungMs` while owing answers is replaced by a new one `restartMs` later, and meanwhile every search
 * is answered here.
 */
export class SearchWorker implements IndexObserver {
  readonly #index: SearchIndex;
  readonly #logger: Logger;
  readonly #spawn: () => Worker;
  readonly #timeoutMs: number;
  readonly #hungMs: number;
  readonly #restartMs: number;
  /** When the worker last sent anything (performance.now()). */
  #heardAt = 0;
  readonly #pending = new Map<number, Pending>();
  readonly #syncs = new Map<number, () => void>();
  #worker: Worker | undefined;
  /** The worker holds its copy of the index: until then, searches are answered here rather than queued. */
  #ready = false;
  #whenReady: { promise: Promise<boolean>; settle: (ready: boolean) => void } | undefined;
  #restart: NodeJS.Timeout | undefined;
  #nextId = 0;
  #closed = false;

  constructor(index: SearchIndex, options: SearchWorkerOptions) {
    this.#index = index;
    this.#logger = options.logger;
    this.#spawn = options.spawn ?? spawnSearchThread;
    this.#timeoutMs = options.timeoutMs ?? SEARCH_WORKER_TIMEOUT_MS;
    this.#hungMs = options.hungMs ?? SEARCH_WORKER_HUNG_MS;
    this.#restartMs = options.restartMs ?? SEARCH_WORKER_RESTART_MS;
  }

  /**
   * Whether searches go to the worker now: false until it holds its copy of the index, after a failure
   * until a new one does, and after `close`.
   */
  get running(): boolean {
    return this.#worker !== undefined && this.#ready;
  }

  /** Resolves with true once searches go to a worker, or with false if the one starting fails first. */
  started(): Promise<boolean> {
    if (this.running) return Promise.resolve(true);
    return this.#whenReady?.promise ?? Promise.resolve(false);
  }

  /** Starts the worker with a copy of the index as it is now, and keeps it in step from then on. */
  start(): void {
    if (this.#closed || this.#worker) return;
    clearTimeout(this.#restart);
    this.#restart = undefined;
    const worker = this.#spawn();
    worker.on("message", (answer: FromSearchThread) => this.#answered(answer));
    worker.on("error", (error) => this.#failed(worker, `failed: ${describeError(error)}`));
    worker.on("exit", (code) => this.#failed(worker, `exited (${code})`));
    // After the listeners: adding a "message" listener refs the worker's port again, and a process whose
    // start failed before `close` would then never exit.
    worker.unref();
    this.#worker = worker;
    this.#ready = false;
    let settle!: (ready: boolean) => void;
    const promise = new Promise<boolean>((resolve) => {
      settle = resolve;
    });
    this.#whenReady = { promise, settle };
    this.#sendSnapshot(this.#index.snapshot());
    this.#index.observe(this);
  }

  /** The hits `index.search(query, options)` gives, computed by the worker when there is one. */
  search(query: string, options: SearchOptions): Promise<SearchHit[]> {
    const worker = this.#worker;
    if (!worker || !this.#ready) {
      return new Promise((resolve, reject) => this.#fallBack({ resolve, reject, query, options }));
    }
    const id = this.#nextId++;
    return new Promise<SearchHit[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        const waiting = this.#pending.get(id);
        if (!waiting) return;
        // Late: answer here. Silent for too long while owing answers: hung, so replace it.
        this.#pending.delete(id);
        this.#fallBack(waiting);
        if (performance.now() - this.#heardAt >= this.#hungMs) {
          this.#failed(worker, `has answered nothing for ${this.#hungMs} ms`);
        }
      }, this.#timeoutMs);
      this.#pending.set(id, { resolve, reject, timer, query, options });
      this.#send({ kind: "search", id, query, options });
    });
  }

  /** Resolves once the worker has applied every change sent so far (at once when there is no worker). */
  inStep(): Promise<void> {
    if (!this.#worker) return Promise.resolve();
    const id = this.#nextId++;
    return new Promise<void>((resolve) => {
      this.#syncs.set(id, resolve);
      this.#send({ kind: "sync", id });
    });
  }

  added(paper: IndexablePaper, step: ChangeStep): void {
    this.#send({ kind: "add", paper, step });
  }

  removed(id: string, step: ChangeStep): void {
    this.#send({ kind: "remove", id, step });
  }

  restored(snapshot: IndexSnapshot): void {
    this.#sendSnapshot(snapshot);
  }

  /** Stops the worker; searches still waiting for it are answered on the main thread. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#restart);
    const worker = this.#worker;
    this.#stop();
    await worker?.terminate();
  }

  #send(message: ToSearchThread): void {
    this.#worker?.postMessage(message);
  }

  /**
   * Sends the index's arena pages in shared memory as they are (both threads then read the same
   * memory), and a copy of its other arrays whose memory is handed over to the worker, rather than
   * serialised and then copied again on the other side. Without shared pages, at 100k papers that is
   * ~150 MB copied once instead of twice, and never held twice on this side; with them, ~10 MB.
   */
  #sendSnapshot(snapshot: IndexSnapshot): void {
    const { message, transfer } = restoreMessage(snapshot, this.#index.sharesPages);
    this.#worker?.postMessage(message, transfer);
  }

  #answered(answer: FromSearchThread): void {
    this.#heardAt = performance.now();
    if ("restored" in answer) {
      if (!this.#ready) this.#logger.info("the search thread holds the index: topic searches run there");
      this.#ready = true;
      this.#whenReady?.settle(true);
      return;
    }
    if ("synced" in answer) {
      this.#syncs.get(answer.synced)?.();
      this.#syncs.delete(answer.synced);
      return;
    }
    const waiting = this.#pending.get(answer.id);
    if (!waiting) return;
    this.#pending.delete(answer.id);
    clearTimeout(waiting.timer);
    if ("hits" in answer) {
      waiting.resolve(answer.hits);
      return;
    }
    this.#logger.warn({ error: answer.error }, "the search worker could not search; searching here instead");
    this.#fallBack(waiting);
  }

  /** The worker is no use any more: stop it, answer what it owed here, and start another later. */
  #failed(worker: Worker, why: string): void {
    if (this.#worker !== worker) return;
    this.#logger.error(
      { restartInMs: this.#restartMs },
      `the search worker ${why}; searching on the main thread until it restarts`,
    );
    this.#stop();
    void worker.terminate().catch(() => undefined);
    if (this.#closed) return;
    this.#restart = setTimeout(() => this.start(), this.#restartMs);
    this.#restart.unref();
  }

  /** Detaches the worker and answers every search it owed on the main thread. */
  #stop(): void {
    this.#worker = undefined;
    this.#ready = false;
    this.#whenReady?.settle(false);
    for (const synced of this.#syncs.values()) synced();
    this.#syncs.clear();
    this.#index.observe(undefined);
    const owed = [...this.#pending.values()];
    this.#pending.clear();
    for (const waiting of owed) {
      clearTimeout(waiting.timer);
      this.#fallBack(waiting);
    }
  }

  #fallBack(waiting: Omit<Pending, "timer">): void {
    try {
      waiting.resolve(this.#index.search(waiting.query, waiting.options));
    } catch (error) {
      waiting.reject(error);
    }
  }
}

/** Starts `search-thread` in a worker (the compiled module, or the TypeScript source through tsx). */
export function spawnSearchThread(): Worker {
  return startModuleWorker(siblingModule(import.meta.url, "search-thread"), { kind: SEARCH_THREAD_MARK });
}
