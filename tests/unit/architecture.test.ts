import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  type ImportGraph,
  importCycles,
  importGraph,
  reachable,
  sourceFiles,
} from "../helpers/import-graph.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
/** The layers, innermost first (see docs/architecture.md). */
const LAYERS = ["src", "commands", "adapters", "app"];
const PLATFORM_SDK = /^(discord\.js|@discordjs\/|@slack\/)/;

/**
 * Every file under `layer` whose imports, followed through every local file they reach, end in a forbidden
 * folder or a platform SDK; each offence as the import chain that leads there.
 */
function offences(
  graph: ImportGraph,
  layer: string,
  forbidden: readonly string[],
  options: { sdks: boolean } = { sdks: false },
): string[] {
  const found: string[] = [];
  for (const file of graph.files.keys()) {
    if (!file.startsWith(`${layer}/`)) continue;
    for (const [reached, chain] of reachable(graph, file)) {
      if (forbidden.some((folder) => reached.startsWith(`${folder}/`))) found.push(chain.join(" → "));
      for (const name of graph.packages.get(reached) ?? []) {
        if (!options.sdks && PLATFORM_SDK.test(name)) found.push([...chain, name].join(" → "));
      }
    }
  }
  return found;
}

describe("architecture", () => {
  const graph = importGraph(root, LAYERS);

  it("reads every layer's imports, dynamic ones included", () => {
    expect(graph.files.size).toBeGreaterThan(150);
    expect(graph.files.get("app/platforms.ts")).toContain("adapters/slack/index.ts");
  });

  it("keeps the core free of commands, adapters, the composition root and platform SDKs, transitively", () => {
    expect(offences(graph, "src", ["commands", "adapters", "app"])).toEqual([]);
  });

  it("keeps the commands free of adapters and platform SDKs, transitively", () => {
    expect(offences(graph, "commands", ["adapters", "app"])).toEqual([]);
  });

  it("keeps adapters from reaching the composition root or the commands", () => {
    expect(offences(graph, "adapters", ["app", "commands"], { sdks: true })).toEqual([]);
  });

  it("keeps each platform's adapter apart from the others", () => {
    for (const platform of ["slack", "discord", "console"]) {
      const others = ["slack", "discord", "console"].filter((other) => other !== platform);
      expect(
        offences(
          graph,
          `adapters/${platform}`,
          others.map((other) => `adapters/${other}`),
          { sdks: true },
        ),
      ).toEqual([]);
    }
  });

  it("has no import cycles, type-only imports included", () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it("the checks would catch a transitive SDK import and a cycle", () => {
    const planted: ImportGraph = {
      files: new Map([
        ["src/cli/x.ts", ["adapters/discord/y.ts"]],
        ["adapters/discord/y.ts", ["adapters/discord/z.ts"]],
        ["adapters/discord/z.ts", ["adapters/discord/y.ts"]],
      ]),
      packages: new Map([["adapters/discord/z.ts", ["discord.js"]]]),
    };
    expect(offences(planted, "src", ["adapters"])).toEqual([
      "src/cli/x.ts → adapters/discord/y.ts",
      "src/cli/x.ts → adapters/discord/y.ts → adapters/discord/z.ts",
      "src/cli/x.ts → adapters/discord/y.ts → adapters/discord/z.ts → discord.js",
    ]);
    expect(importCycles(planted)).toEqual([["adapters/discord/y.ts", "adapters/discord/z.ts"]]);
  });

  it("reads process.env only in config.ts", () => {
    const files = LAYERS.flatMap((layer) => sourceFiles(join(root, layer)));
    const offenders = files.filter(
      (file) => !file.endsWith(join("src", "config.ts")) && /process\.env\b/.test(readFileSync(file, "utf8")),
    );
    expect(offenders.map((file) => relative(root, file))).toEqual([]);
  });
});
