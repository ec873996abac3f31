/**
 * Writes the README's Configuration table from the variable declarations (`--write`), or checks that
 * it is current (no flag; exits 1 when README.md differs).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { withConfigTable } from "../src/config/readme-table.ts";

const path = new URL("../README.md", import.meta.url);
const readme = readFileSync(path, "utf8");
const generated = withConfigTable(readme);
if (process.argv.includes("--write")) {
  if (generated !== readme) writeFileSync(path, generated);
  console.log(generated === readme ? "README.md: table already current" : "README.md: table rewritten");
} else if (generated !== readme) {
  console.error("README.md: the Configuration table is out of date; run `npm run docs:config`");
  process.exitCode = 1;
}
