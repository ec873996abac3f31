import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { documentedExceptions, judgeAudit } from "../../scripts/audit.ts";

const root = new URL("../../", import.meta.url);
const packageJson = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as {
  allowScripts?: Record<string, boolean>;
  scripts: Record<string, string>;
};
const lock = JSON.parse(readFileSync(new URL("package-lock.json", root), "utf8")) as {
  packages: Record<string, { hasInstallScript?: boolean }>;
};

describe("supply chain", () => {
  it("commits package-lock.json", () => {
    const tracked = execFileSync("git", ["ls-files", "package-lock.json"], { cwd: root, encoding: "utf8" });
    expect(tracked.trim()).toBe("package-lock.json");
  });

  it("runs no install script but the native SQLite build", () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ""));
    const allowed = Object.entries(packageJson.allowScripts ?? {})
      .filter(([, allow]) => allow)
      .map(([name]) => name);
    expect(allowed).toEqual(["sqlite3"]);
    // Every package that has one is decided on explicitly (npm refuses undecided ones anyway).
    for (const name of withScripts) expect(Object.keys(packageJson.allowScripts ?? {})).toContain(name);
  });

  it("runs the advisory check as part of npm test", () => {
    expect(packageJson.scripts.test).toContain("npm run audit");
    expect(packageJson.scripts.audit).toContain("scripts/audit.ts");
  });
});

describe("the advisory check (scripts/audit.ts)", () => {
  const report = (severity: string, url: string) =>
    JSON.stringify({ vulnerabilities: { leftpad: { severity, via: [{ url }] } } });

  it("fails on a high or critical advisory, unless the README documents why it does not apply", () => {
    const high = report("high", "https://github.com/advisories/GHSA-aaaa-bbbb-cccc");
    expect(judgeAudit(high, new Set()).ok).toBe(false);
    expect(judgeAudit(report("critical", "https://github.com/advisories/GHSA-x"), new Set()).ok).toBe(false);
    expect(judgeAudit(high, new Set(["GHSA-aaaa-bbbb-cccc"]))).toMatchObject({ ok: true, checked: true });
    expect(judgeAudit(report("moderate", "https://github.com/advisories/GHSA-m"), new Set()).ok).toBe(true);
    expect(judgeAudit(JSON.stringify({ vulnerabilities: {} }), new Set())).toMatchObject({
      ok: true,
      checked: true,
    });
  });

  it("says loudly, without failing, when the advisory database cannot be reached", () => {
    const refused = JSON.stringify({
      message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
    });
    expect(judgeAudit(refused, new Set())).toMatchObject({ ok: true, checked: false });
    expect(judgeAudit("", new Set())).toMatchObject({ ok: true, checked: false });
  });

  it("reads documented exceptions only from their README section", () => {
    const readme =
      "# x\n- GHSA-nope: not here\n## Security advisories that do not apply\n\n- GHSA-1234-abcd: dev only\n## Next\n- GHSA-late: no\n";
    expect([...documentedExceptions(readme)]).toEqual(["GHSA-1234-abcd"]);
  });
});
