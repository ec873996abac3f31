import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configTable, withConfigTable } from "../../src/config/readme-table.ts";
import { VARIABLES, type Variable } from "../../src/config/variables.ts";
import { EnvSchema, loadConfig } from "../../src/config.ts";
import { ConfigError } from "../../src/errors.ts";

const variables = Object.entries(VARIABLES) as [string, Variable][];
const secrets = new Set(variables.filter(([, { secret }]) => secret).map(([name]) => name));
const tried = variables.flatMap(([name, { tries }]) => ("bad" in tries ? [{ name, ...tries }] : []));
const badCases = tried.flatMap(({ name, bad }) => bad.map((value) => [name, value]));
const goodCases = tried.flatMap(({ name, good }) => good.map((value) => [name, value]));

describe("every environment variable is checked against its real range", () => {
  it("tries each declared variable with bad values, or says why any text is valid", () => {
    for (const [name, { tries }] of variables) {
      if ("bad" in tries) expect(tries.bad.length, name).toBeGreaterThan(0);
      else expect(tries.freeForm.length, name).toBeGreaterThan(0);
    }
  });

  it("declares the schema's variables and no others", () => {
    expect(Object.keys(EnvSchema.shape)).toEqual(Object.keys(VARIABLES));
  });

  it("tries every number just outside its range and in forms that are not plain digits", () => {
    const digestSize = tried.find(({ name }) => name === "PAPERBOY_DIGEST_SIZE");
    expect(digestSize?.bad).toEqual(expect.arrayContaining(["0", "21", "1.5", "-1", "1e3", "0x10", "many"]));
    const halfLife = tried.find(({ name }) => name === "PAPERBOY_HALF_LIFE_HOURS");
    expect(halfLife?.bad).toEqual(expect.arrayContaining(["0.5", "8761"]));
  });

  it.each(badCases)("%s=%s stops start-up, naming the variable and the expected form", (name, value) => {
    const attempt = () => loadConfig({ [name]: value });
    const got = secrets.has(name) ? "" : ` \\(got "${escapeRegExp(value)}"\\)`;
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: expected [^\\n]+${got}$`));
  });

  it.each(goodCases)("%s=%s is accepted", (name, value) => {
    expect(() => loadConfig({ [name]: value })).not.toThrow();
  });

  it("treats a blank numeric variable as unset", () => {
    expect(loadConfig({ PORT: " ", PAPERBOY_HALF_LIFE_HOURS: "" })).toMatchObject({
      port: 3000,
      ranking: { halfLifeHours: 36 },
    });
  });

  it("reads edge values as numbers in the units the app uses", () => {
    const config = loadConfig({
      PAPERBOY_HALF_LIFE_HOURS: "1.5",
      PAPERBOY_CATCHUP_HOURS: "0.5",
      PAPERBOY_CLAIM_TTL_SECONDS: "2",
      PAPERBOY_SCHEDULER_SWEEP_SECONDS: "3600",
      PAPERBOY_HTTP_TIMEOUT_MS: "100",
    });
    expect(config.ranking.halfLifeHours).toBe(1.5);
    expect(config.scheduler).toMatchObject({ graceMs: 1_800_000, claimTtlMs: 2000, sweepMs: 3_600_000 });
    expect(config.httpTimeoutMs).toBe(100);
  });

  it("refuses every ranking weight at 0, which would make every score 0", () => {
    const zero = {
      PAPERBOY_WEIGHT_UPVOTES: "0",
      PAPERBOY_WEIGHT_COMMENTS: "0",
      PAPERBOY_WEIGHT_STARS: "0",
      PAPERBOY_WEIGHT_TEAM_VOTES: "0",
    };
    expect(() => loadConfig(zero)).toThrow(/PAPERBOY_WEIGHT_UPVOTES: at least one of .* must be above 0/);
    expect(loadConfig({ ...zero, PAPERBOY_WEIGHT_STARS: "0.02" }).ranking.githubStars).toBe(0.02);
  });
});

describe("the README's Configuration table", () => {
  it("is the table the declarations generate (run `npm run docs:config` after changing one)", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(withConfigTable(readme)).toBe(readme);
  });

  it("has a row for every declared variable, with its default and its range", () => {
    const table = configTable();
    for (const [name] of variables) expect(table).toContain(`\`${name}\``);
    expect(table).toContain("| `PAPERBOY_DIGEST_SIZE` | `5` | papers per digest (1–20) |");
    expect(table).toContain("`1`, `0.1`, `0.02`, `1.5` | ranking weights (0–100 each;");
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
