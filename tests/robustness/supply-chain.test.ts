import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { documentedExceptions, judgeAudit, judgeInstalledTree } from "../../scripts/audit.ts";
import { AdvisoryList, compareVersions, type NpmTreeNode } from "../../scripts/known-advisories.ts";

const root = new URL("../../", import.meta.url);
const packageJson = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as {
  allowScripts?: Record<string, boolean>;
  engines?: { node?: string };
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

  it("runs the whole suite on Node 24 in CI as well as on the machine's Node", () => {
    const ci = readFileSync(new URL(".ci/run", root), "utf8");
    const node24 = ci.indexOf('export PATH="$NODE_24_DIR/bin:$PATH"');
    expect(ci).toMatch(/^NODE_24=24\.\d+\.\d+$/m);
    expect(node24).toBeGreaterThan(ci.indexOf("npm test"));
    expect(ci.slice(node24)).toMatch(/npm ci --no-audit --no-fund\nnpm test\n/);
    expect(packageJson.engines?.node).toBe("^20.19.0 || >=22.12.0");
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

describe("the checked-in advisory list (scripts/advisories.json)", () => {
  const list = AdvisoryList.parse(JSON.parse(readFileSync(new URL("scripts/advisories.json", root), "utf8")));
  /** A production tree as `npm ls --omit=dev --all --json` prints it, with `tar` at `version` deep inside. */
  const treeWithTar = (version: string): string => {
    const tar: NpmTreeNode = { version };
    const tree: NpmTreeNode = {
      version: "0.1.0",
      dependencies: {
        "@keyv/sqlite": {
          version: "4.0.8",
          dependencies: {
            sqlite3: {
              version: "5.1.7",
              dependencies: { "node-gyp": { version: "8.4.1", dependencies: { tar } }, tar },
            },
          },
        },
        zod: { version: "4.6.7" },
      },
    };
    return JSON.stringify(tree);
  };

  it("lists the tar advisories of issue 13 with their fixed versions", () => {
    const fixed = (id: string) =>
      list.advisories.find((advisory) => advisory.id === id)?.vulnerable[0]?.fixed;
    expect(fixed("GHSA-23hp-3jrh-7fpw")).toBe("7.5.19");
    expect(fixed("GHSA-8qq5-rm4j-mr97")).toBe("7.5.3");
    expect(fixed("GHSA-gvwx-54wh-qm9j")).toBeDefined();
    expect(fixed("GHSA-8x88-c5mf-7j5w")).toBeDefined();
  });

  it("fails on a vulnerable version anywhere in the production tree, naming the advisory, path and fix", () => {
    const verdict = judgeInstalledTree(treeWithTar("6.2.1"), list.advisories, new Set());
    expect(verdict).toMatchObject({ ok: false, checked: true });
    const critical = verdict.lines.find((line) => line.includes("GHSA-23hp-3jrh-7fpw"));
    expect(critical).toMatch(
      /^BLOCKING: critical .* tar@6\.2\.1 \(via @keyv\/sqlite > sqlite3 > node-gyp > tar; fixed in 7\.5\.19\)/,
    );
    // One line per advisory and version, however many places share the copy.
    expect(verdict.lines.filter((line) => line.includes("GHSA-23hp-3jrh-7fpw"))).toHaveLength(1);
  });

  it("blocks only high and critical advisories, and honours the README's documented exceptions", () => {
    // 7.5.20 is past every listed tar advisory but one high (GHSA-r292-9mhp-454m, fixed in 7.5.21).
    expect(judgeInstalledTree(treeWithTar("7.5.20"), list.advisories, new Set()).ok).toBe(false);
    expect(
      judgeInstalledTree(treeWithTar("7.5.20"), list.advisories, new Set(["GHSA-r292-9mhp-454m"])).ok,
    ).toBe(true);
    expect(judgeInstalledTree(treeWithTar("7.5.21"), list.advisories, new Set())).toMatchObject({ ok: true });
    const moderateOnly = list.advisories.filter((advisory) => advisory.severity === "moderate");
    const noted = judgeInstalledTree(treeWithTar("7.5.15"), moderateOnly, new Set());
    expect(noted.ok).toBe(true);
    expect(noted.lines[0]).toMatch(/^note: moderate/);
  });

  it("fails when the installed tree cannot be read", () => {
    expect(judgeInstalledTree("", list.advisories, new Set())).toMatchObject({ ok: false, checked: false });
  });

  it("orders versions as semver does", () => {
    expect(compareVersions("7.5.10", "7.5.9")).toBeGreaterThan(0);
    expect(compareVersions("7.5.3", "7.5.3")).toBe(0);
    expect(compareVersions("7.5.3-rc.2", "7.5.3")).toBeLessThan(0);
    expect(compareVersions("7.5.3-rc.10", "7.5.3-rc.2")).toBeGreaterThan(0);
    expect(compareVersions("10.0.0", "9.99.99")).toBeGreaterThan(0);
  });

  it("passes on the installed production tree, which holds no vulnerable tar", () => {
    // stdout holds the tree even when npm ls exits non-zero over an extraneous or invalid package.
    const { stdout: output } = spawnSync("npm", ["ls", "--omit=dev", "--all", "--json"], {
      cwd: root,
      encoding: "utf8",
    });
    const verdict = judgeInstalledTree(output, list.advisories, new Set());
    expect(verdict.lines).toEqual([expect.stringMatching(/^none of the \d+ listed advisories covers/)]);
    expect(verdict.ok).toBe(true);
  });
});
