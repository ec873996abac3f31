import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { parentPort, Worker } from "node:worker_threads";

/**
 * Starts a worker thread that runs the TypeScript module at `moduleUrl` through tsx's loader, whatever
 * loaded the caller (tsx, vitest). The module tells that it runs in the worker by `workerData`.
 */
export function startTsWorker(moduleUrl: string, workerData: unknown): Worker {
  const tsxPackage = createRequire(import.meta.url).resolve("tsx/package.json");
  const tsx = new URL("dist/esm/api/index.mjs", pathToFileURL(tsxPackage)).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(moduleUrl)}, ${JSON.stringify(moduleUrl)}))`,
    { eval: true, workerData },
  );
}

/** The main thread's end of a worker started with {@link startTsWorker} that serves with {@link serveCalls}. */
export interface WorkerLink {
  /** What the worker sent once it was ready (its URLs), or why it could not start. */
  ready<T>(): Promise<T>;
  /** Sends a call and resolves with the worker's answer; rejects if the worker failed or exited. */
  call<T>(message: Record<string, unknown>): Promise<T>;
  /** Asks the worker to close (a `{ name: "close" }` call), then terminates it. */
  close(): Promise<void>;
}

/** Calls into a worker by numbered messages; `what` names the worker in errors. */
export function linkToWorker(worker: Worker, what: string): WorkerLink {
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`[bench] the ${what} worker exited (${code})`)));
  worker.on("message", (message: { id: number; value?: unknown; error?: string }) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.value);
  });
  const wait = <T>(id: number, message?: Record<string, unknown>): Promise<T> => {
    if (failure) return Promise.reject(failure);
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: (value) => resolve(value as T), reject });
      if (message) worker.postMessage({ id, ...message });
    });
  };
  const hello = wait<unknown>(READY_ID);
  return {
    ready: <T>() => hello as Promise<T>,
    call: (message) => wait(nextId++, message),
    async close() {
      await wait(nextId++, { name: "close" }).catch(() => undefined);
      await worker.terminate();
    },
  };
}

/**
 * The worker's end: starts the served thing, announces `hello` from it, then answers each call with
 * `answer(message)`; a `{ name: "close" }` call closes the port after its answer.
 */
export async function serveCalls<S>(
  start: () => Promise<S>,
  hello: (served: S) => unknown,
  answer: (served: S, message: { name: string } & Record<string, unknown>) => Promise<unknown>,
): Promise<void> {
  const port = parentPort;
  if (!port) return;
  try {
    const served = await start();
    port.on("message", async ({ id, ...message }: { id: number; name: string }) => {
      try {
        port.postMessage({ id, value: await answer(served, message) });
      } catch (error) {
        port.postMessage({ id, error: String(error) });
      }
      if (message.name === "close") port.close();
    });
    port.postMessage({ id: READY_ID, value: hello(served) });
  } catch (error) {
    port.postMessage({ id: READY_ID, error: String(error) });
  }
}

/** The message id of the worker's "ready" announcement. */
const READY_ID = -1;
