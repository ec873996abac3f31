import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

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
