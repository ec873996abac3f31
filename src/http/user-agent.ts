import { readFileSync } from "node:fs";

const readVersion = (): string => {
  try {
    const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    return typeof manifest.version === "string" ? manifest.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
};

/** The User-Agent paperboy sends by default: names the bot and where to reach its authors, as arXiv asks. */
export const DEFAULT_USER_AGENT = `paperboy/${readVersion()} (+https://github.com/paperboy-bot/paperboy)`;
