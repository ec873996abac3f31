import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sourceStamp } from "../../bin/source-stamp.js";

describe("sourceStamp: whether the compiled build matches the sources", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "paperboy-stamp-"));
    for (const dir of ["src/chat", "commands", "adapters/slack"])
      mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, "src/chat/a.ts"), "export const a = 1;\n");
    writeFileSync(join(root, "commands/b.ts"), "export const b = 2;\n");
    writeFileSync(join(root, "package.json"), "{}\n");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("stays the same while nothing changes, and changes with any edit, new file or removal", () => {
    const first = sourceStamp(root);
    expect(sourceStamp(root)).toBe(first);
    const later = new Date(Date.now() + 5000);
    utimesSync(join(root, "src/chat/a.ts"), later, later);
    const touched = sourceStamp(root);
    expect(touched).not.toBe(first);
    writeFileSync(join(root, "adapters/slack/c.ts"), "export {};\n");
    const added = sourceStamp(root);
    expect(added).not.toBe(touched);
    rmSync(join(root, "adapters/slack/c.ts"));
    expect(sourceStamp(root)).toBe(touched);
    writeFileSync(join(root, "tsconfig.build.json"), "{}\n");
    expect(sourceStamp(root)).not.toBe(touched);
  });
});
