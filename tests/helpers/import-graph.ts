import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** Every module a source file imports: local files (root-relative paths) and packages (by name). */
export interface ImportGraph {
  /** Root-relative `.ts` path → the root-relative paths of the local files it imports. */
  files: Map<string, string[]>;
  /** Root-relative `.ts` path → the packages it imports (`discord.js`, `@slack/bolt`, `node:fs`). */
  packages: Map<string, string[]>;
}

/** The `.ts` files under `dir`, recursively. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/**
 * Reads every import of the files under `dirs` (static, type-only, re-exports and dynamic `import()`,
 * through TypeScript's own pre-processor, so no import form is missed) and follows local ones to their files.
 */
export function importGraph(root: string, dirs: readonly string[]): ImportGraph {
  const files = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  const visit = (path: string) => {
    const key = relative(root, path);
    if (files.has(key)) return;
    const local: string[] = [];
    const external: string[] = [];
    files.set(key, local);
    packages.set(key, external);
    const { importedFiles } = ts.preProcessFile(readFileSync(path, "utf8"), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith(".")) {
        external.push(fileName);
        continue;
      }
      const target = resolve(dirname(path), fileName);
      if (!target.endsWith(".ts") || !existsSync(target)) continue;
      local.push(relative(root, target));
      visit(target);
    }
  };
  for (const dir of dirs) for (const path of sourceFiles(join(root, dir))) visit(path);
  return { files, packages };
}

/** Every local file `start` reaches through its imports, with the import chain that reaches it. */
export function reachable(graph: ImportGraph, start: string): Map<string, string[]> {
  const chains = new Map<string, string[]>([[start, [start]]]);
  const queue = [start];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const next of graph.files.get(file) ?? []) {
      if (chains.has(next)) continue;
      chains.set(next, [...(chains.get(file) ?? []), next]);
      queue.push(next);
    }
  }
  return chains;
}

/** The import cycles: every strongly connected set of two or more files (or a file importing itself), sorted. */
export function importCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (file: string) => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.files.get(file) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.files.get(file)?.includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.files.keys()) if (!index.has(file)) connect(file);
  return cycles;
}
