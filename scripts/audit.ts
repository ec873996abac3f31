// `npm run audit`: fails when `npm audit --omit=dev` reports a high or critical advisory in a runtime
// dependency, unless the README's "Security advisories that do not apply" section lists its id with the
// reason. When the advisory database cannot be reached (a registry mirror without the audit endpoint,
// no network), it says so loudly and does not fail: it cannot prove anything either way.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

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

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const audit = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8", timeout: 120_000 });
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const verdict = judgeAudit(audit.stdout ?? "", documentedExceptions(readme));
  for (const line of verdict.lines) process.stderr.write(`audit: ${line}\n`);
  if (!verdict.checked) {
    process.stderr.write("audit: WARNING: dependencies were NOT checked for advisories on this machine\n");
  }
  process.exitCode = verdict.ok ? 0 : 1;
}
