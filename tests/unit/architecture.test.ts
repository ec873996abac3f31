import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const PLATFORM_SDKS =
  /from\s+["'](discord\.js|@discordjs\/[^"']+|@slack\/[^"']+)["']|import\(\s*["'](discord\.js|@slack\/[^"']+)["']/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

describe("architecture", () => {
  it("keeps platform SDKs out of the core and the commands", () => {
    const files = [...sourceFiles(join(root, "src")), ...sourceFiles(join(root, "commands"))];
    expect(files.length).toBeGreaterThan(40);
    const offenders = files.filter((file) => PLATFORM_SDKS.test(readFileSync(file, "utf8")));
    expect(offenders.map((file) => relative(root, file))).toEqual([]);
  });

  it("reads process.env only in config.ts", () => {
    const files = [
      ...sourceFiles(join(root, "src")),
      ...sourceFiles(join(root, "commands")),
      ...sourceFiles(join(root, "adapters")),
    ];
    const offenders = files.filter(
      (file) => !file.endsWith(join("src", "config.ts")) && /process\.env\b/.test(readFileSync(file, "utf8")),
    );
    expect(offenders.map((file) => relative(root, file))).toEqual([]);
  });

  it("the boundary check would catch an SDK import", () => {
    expect(PLATFORM_SDKS.test('import { Client } from "discord.js";')).toBe(true);
    expect(PLATFORM_SDKS.test('import { App } from "@slack/bolt";')).toBe(true);
  });
});
