import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread running the module at `moduleUrl` (a sibling's `new URL("./x.ts", import.meta.url)`):
 * the compiled build's `.js` file as is, and a `.ts` source through tsx's loader, whatever loaded the caller
 * (tsx registered by `bin/paperboy.js`, `node --import tsx`, vitest), since a worker does not inherit a
 * loader registered in code. The module tells that it runs in the worker by `workerData`.
 */
export function startModuleWorker(moduleUrl: URL, workerData: unknown): Worker {
  if (!moduleUrl.pathname.endsWith(".ts")) return new Worker(moduleUrl, { workerData });
  const tsxPackage = createRequire(import.meta.url).resolve("tsx/package.json");
  const tsx = new URL("dist/esm/api/index.mjs", pathToFileURL(tsxPackage)).href;
  const url = JSON.stringify(moduleUrl.href);
  return new Worker(`import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${url}, ${url}))`, {
    eval: true,
    workerData,
  });
}

/**
 * The sibling module `name` (without extension) of the module at `here`, with the extension `here` has:
 * `.ts` when running the sources, `.js` in the compiled build.
 */
export function siblingModule(here: string, name: string): URL {
  return new URL(`./${name}${here.endsWith(".ts") ? ".ts" : ".js"}`, here);
}
