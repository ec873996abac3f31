// `npm run audit`: fails when a runtime dependency has a high or critical advisory, unless the README's
// "Security advisories that do not apply" section lists its id with the reason. Two checks run: `npm audit
// --omit=dev` against the registry's advisory database, and, always, the installed production tree (`npm ls
// --omit=dev`) against the advisories listed in scripts/advisories.json. When the database cannot be reached
// (a registry mirror without the audit endpoint, no network) the first says so loudly and only the checked-in
// list is enforced.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type Advisory,
  AdvisoryList,
  fixFor,
  installedPackages,
  knownFindings,
  type NpmTreeNode,
} from "./known-advisories.ts";

/** What `npm audit --json` prints, as far as this script reads it. */
interface AuditReport {
  vulnerabilities?: Record<string, { severity?: string; via?: unknown[] }>;
  message?: string;
  error?: { summary?: string };
}

/** The verdict on one audit run. */
export interface AuditVerdict {
  ok: boolean;
  /** One line per finding, or why nothing could be checked. */
  lines: string[];
  /** False when the advisory database did not answer. */
  checked: boolean;
}

const BLOCKING = new Set(["high", "critical"]);

/** Advisory ids (GHSA-…) documented in the README as not applying, each on a `- GHSA-…: reason` line. */
export function documentedExceptions(readme: string): Set<string> {
  const section = readme
    .split(/^## /m)
    .find((part) => part.startsWith("Security advisories that do not apply"));
  return new Set([...(section ?? "").matchAll(/^- (GHSA-[\w-]+):/gm)].map((match) => match[1]!));
}

/** Judges `npm audit --json` output against the documented exceptions. */
export function judgeAudit(output: string, exceptions: ReadonlySet<string>): AuditVerdict {
  let report: AuditReport;
  try {
    report = JSON.parse(output) as AuditReport;
  } catch {
    return {
      ok: true,
      checked: false,
      lines: ["npm audit printed no report (no advisory database reachable?)"],
    };
  }
  if (!report.vulnerabilities) {
    const why = report.error?.summary || report.message || "no report";
    return {
      ok: true,
      checked: false,
      lines: [`the advisory database did not answer: ${why.split("\n")[0]}`],
    };
  }
  const lines: string[] = [];
  let ok = true;
  for (const [name, finding] of Object.entries(report.vulnerabilities)) {
    if (!BLOCKING.has(finding.severity ?? "")) continue;
    const ids = (finding.via ?? []).flatMap((via) => {
      const url = typeof via === "object" && via !== null ? String((via as { url?: unknown }).url ?? "") : "";
      return /GHSA-[\w-]+/.exec(url)?.[0] ?? [];
    });
    const excused = ids.length > 0 && ids.every((id) => exceptions.has(id));
    if (!excused) ok = false;
    lines.push(
      `${excused ? "excused" : "BLOCKING"}: ${finding.severity} in ${name} (${ids.join(", ") || "via a dependency"})`,
    );
  }
  if (lines.length === 0) lines.push("no high or critical advisory in runtime dependencies");
  return { ok, checked: true, lines };
}

/**
 * Judges the installed production tree (`npm ls --omit=dev --all --json` output) against the checked-in
 * advisory list: a high or critical advisory covering an installed version fails unless documented as not
 * applying; lower severities are reported without failing. A tree it cannot read fails.
 */
export function judgeInstalledTree(
  output: string,
  advisories: readonly Advisory[],
  exceptions: ReadonlySet<string>,
): AuditVerdict {
  let tree: NpmTreeNode;
  try {
    tree = JSON.parse(output) as NpmTreeNode;
  } catch {
    return { ok: false, checked: false, lines: ["npm ls printed no dependency tree: run `npm ci` first"] };
  }
  const lines = new Map<string, string>();
  let ok = true;
  for (const finding of knownFindings(installedPackages(tree), advisories)) {
    const { advisory, installed } = finding;
    const key = `${advisory.id} ${installed.version}`;
    if (lines.has(key)) continue;
    const excused = exceptions.has(advisory.id);
    const blocking = BLOCKING.has(advisory.severity) && !excused;
    if (blocking) ok = false;
    const verdict = excused ? "excused" : blocking ? "BLOCKING" : "note";
    lines.set(
      key,
      `${verdict}: ${advisory.severity} ${advisory.id} in ${installed.name}@${installed.version} (via ${installed.path.join(" > ")}; ${fixFor(finding)}): ${advisory.title}`,
    );
  }
  if (lines.size === 0) {
    lines.set(
      "",
      `none of the ${advisories.length} listed advisories covers an installed production package`,
    );
  }
  return { ok, checked: true, lines: [...lines.values()] };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const run = (args: string[]) =>
    spawnSync("npm", args, { encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }).stdout ?? "";
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const exceptions = documentedExceptions(readme);
  const list = AdvisoryList.parse(
    JSON.parse(readFileSync(new URL("advisories.json", import.meta.url), "utf8")),
  );
  const online = judgeAudit(run(["audit", "--omit=dev", "--json"]), exceptions);
  const offline = judgeInstalledTree(
    run(["ls", "--omit=dev", "--all", "--json"]),
    list.advisories,
    exceptions,
  );
  for (const line of online.lines) process.stderr.write(`audit: npm audit: ${line}\n`);
  for (const line of offline.lines) process.stderr.write(`audit: scripts/advisories.json: ${line}\n`);
  if (!online.checked) {
    process.stderr.write(
      `audit: WARNING: the advisory database was NOT consulted; only the ${list.advisories.length} advisories in scripts/advisories.json (reviewed ${list.reviewed}) were checked\n`,
    );
  }
  process.exitCode = online.ok && offline.ok ? 0 : 1;
}
