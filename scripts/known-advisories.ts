// The offline half of `npm run audit`: the checked-in list of known advisories (scripts/advisories.json)
// matched against the installed production tree (`npm ls --omit=dev --all --json`). It needs no advisory
// database, so it proves something even where `npm audit` cannot reach one.
import { z } from "zod";

const Severity = z.enum(["low", "moderate", "high", "critical"]);
const Version = z.string().regex(/^\d+\.\d+\.\d+(-[\w.-]+)?$/, "a version like 1.2.3");

/** scripts/advisories.json: each advisory with its vulnerable ranges, `[introduced, fixed)`. */
export const AdvisoryList = z.object({
  reviewed: z.string(),
  advisories: z.array(
    z.object({
      id: z.string().regex(/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/, "a GHSA id"),
      package: z.string().min(1),
      severity: Severity,
      title: z.string(),
      vulnerable: z.array(z.object({ introduced: Version, fixed: Version.optional() })).min(1),
    }),
  ),
});

/** One known advisory. */
export type Advisory = z.infer<typeof AdvisoryList>["advisories"][number];

/** What `npm ls --json` prints for one package, as far as this script reads it. */
export interface NpmTreeNode {
  version?: string;
  dependencies?: Record<string, NpmTreeNode>;
}

/** One installed copy of a package: its version and the chain of packages that brought it in. */
export interface Installed {
  name: string;
  version: string;
  path: string[];
}

/** An installed package inside a listed advisory's vulnerable range. */
export interface KnownFinding {
  advisory: Advisory;
  installed: Installed;
}

/** Every package copy in an `npm ls --all --json` tree (deduped copies once per place they are used). */
export function installedPackages(tree: NpmTreeNode): Installed[] {
  const found: Installed[] = [];
  const walk = (node: NpmTreeNode, path: string[]) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (child.version === undefined) continue;
      found.push({ name, version: child.version, path: [...path, name] });
      walk(child, [...path, name]);
    }
  };
  walk(tree, []);
  return found;
}

/** Compares two semver versions (prereleases before their release); negative when `a` is older. */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [core = "", pre] = version.split("+")[0]!.split(/-(.*)/s);
    return { parts: core.split(".").map(Number), pre };
  };
  const left = parse(a);
  const right = parse(b);
  for (let i = 0; i < 3; i++) {
    const diff = (left.parts[i] ?? 0) - (right.parts[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (left.pre === right.pre) return 0;
  if (left.pre === undefined) return 1;
  if (right.pre === undefined) return -1;
  return left.pre.localeCompare(right.pre, "en", { numeric: true });
}

/** Whether `version` lies in one of the advisory's vulnerable ranges. */
export function isVulnerable(advisory: Advisory, version: string): boolean {
  return advisory.vulnerable.some(
    (range) =>
      compareVersions(version, range.introduced) >= 0 &&
      (range.fixed === undefined || compareVersions(version, range.fixed) < 0),
  );
}

/** Every installed package copy that a listed advisory covers. */
export function knownFindings(
  installed: readonly Installed[],
  advisories: readonly Advisory[],
): KnownFinding[] {
  return installed.flatMap((copy) =>
    advisories
      .filter((advisory) => advisory.package === copy.name && isVulnerable(advisory, copy.version))
      .map((advisory) => ({ advisory, installed: copy })),
  );
}

/** The fixed version to move to for a finding, or a note that none exists. */
export function fixFor(finding: KnownFinding): string {
  const range = finding.advisory.vulnerable.find((candidate) =>
    isVulnerable({ ...finding.advisory, vulnerable: [candidate] }, finding.installed.version),
  );
  return range?.fixed ? `fixed in ${range.fixed}` : "no fixed version";
}
