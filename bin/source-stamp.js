// A fingerprint of the TypeScript sources (every file's path, size and modification time), so that the
// launcher runs the compiled build only when it was made from exactly the sources on disk.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** The directories compiled into `.build`, relative to the project root. */
export const SOURCE_DIRS = ["src", "commands", "adapters", "app"];
/** Files outside them that the build depends on or copies. */
export const SOURCE_FILES = ["package.json", "tsconfig.json", "tsconfig.build.json", "slack-manifest.yml"];

/** Hex fingerprint of the sources under `root`. */
export function sourceStamp(root) {
  const hash = createHash("sha256");
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
      return;
    }
    hash.update(`${relative(root, path)}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  for (const entry of [...SOURCE_DIRS, ...SOURCE_FILES]) visit(join(root, entry));
  return hash.digest("hex");
}

/** Whether `<root>/.build` was compiled from exactly the sources now under `root` (its stamp matches). */
export function buildIsFresh(root) {
  try {
    return JSON.parse(readFileSync(join(root, ".build", "stamp.json"), "utf8")).stamp === sourceStamp(root);
  } catch {
    return false;
  }
}
