import { ConfigError } from "../../src/errors.ts";
import { slackErrorCode } from "./web-api.ts";

const REJECTED_TOKEN = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
]);

/** Slack's answer to a bad token, as a configuration error naming the variable. */
export function credentialError(error: unknown, variable: string): ConfigError | undefined {
  const code = slackErrorCode(error);
  if (!code || !REJECTED_TOKEN.has(code)) return undefined;
  return new ConfigError(
    `${variable}: Slack rejected the token (${code}); copy it again from the app's settings`,
  );
}
