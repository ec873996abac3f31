#!/usr/bin/env node
// Runs the compiled build (`.build/`, made by `npm run build`, which `npm install` runs) when it was made
// from exactly the sources on disk; otherwise the TypeScript sources directly through tsx, so an edited
// checkout never runs stale code and `npm install && npm start` works either way. Compiled, start-up
// skips tsx's loader: about half a second less.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIsFresh } from "./source-stamp.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

let cli;
if (buildIsFresh(root)) {
  cli = await import("../.build/app/main.js");
} else {
  const { register } = await import("tsx/esm/api");
  register();
  cli = await import("../app/main.ts");
}
await cli.main(process.argv);
