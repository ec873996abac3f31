// Compiles the TypeScript sources to `.build/` (plain JavaScript, imports rewritten to `.js`), copies the
// files they read at run time, and stamps the result with the sources' fingerprint. `bin/paperboy.js` runs
// the build when the stamp matches and the sources through tsx otherwise, so a stale build is never used.
// `npm install` runs this as `prepare` with --if-possible: without the dev dependencies (TypeScript), or
// if compiling fails, it says so and leaves the launcher on tsx instead of failing the install.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sourceStamp } from "../bin/source-stamp.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, ".build");
const lenient = process.argv.includes("--if-possible");
const ASSETS = ["package.json", "slack-manifest.yml", "src/papers/sample-papers.json"];

function fail(message) {
  process.stderr.write(`paperboy build: ${message}\n`);
  if (lenient) {
    process.stderr.write(
      "paperboy build: `npm start` will run the TypeScript sources through tsx instead.\n",
    );
    process.exit(0);
  }
  process.exit(1);
}

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  fail("TypeScript is not installed (dev dependencies omitted), so there is nothing to compile with.");
}
const stamp = sourceStamp(root);
rmSync(out, { recursive: true, force: true });
const compiled = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], {
  cwd: root,
  stdio: ["ignore", "inherit", "inherit"],
});
if (compiled.status !== 0) fail(`tsc exited with ${compiled.status ?? compiled.signal}.`);
for (const asset of ASSETS) {
  const target = join(out, asset);
  if (!existsSync(join(root, asset))) fail(`${asset} is missing.`);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(root, asset), target);
}
writeFileSync(join(out, "stamp.json"), `${JSON.stringify({ stamp })}\n`);
process.stderr.write("paperboy build: compiled to .build/\n");
