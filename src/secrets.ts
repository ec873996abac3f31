/** Shown in place of a secret in logs and error messages. */
export const REDACTED = "[redacted]";
/** Shorter values are not treated as secrets: replacing "1" everywhere would garble logs, not protect. */
const MIN_SECRET_LENGTH = 6;

const known = new Set<string>();

/**
 * Registers the values of configured secrets (tokens, signing secrets, passwords in URLs), so that
 * {@link redactSecrets} removes them from every log line and error message this process prints,
 * wherever a library puts them (an HTTP client's request headers inside an error, a URL in a message).
 */
export function rememberSecrets(values: Iterable<string | undefined>): void {
  for (const value of values) {
    if (!value || value.length < MIN_SECRET_LENGTH) continue;
    known.add(value);
    // As it appears inside a JSON string (log lines) and URL-encoded (URLs in messages).
    known.add(JSON.stringify(value).slice(1, -1));
    known.add(encodeURIComponent(value));
  }
}

/**
 * Tokens recognised by their shape, configured or not (an OAuth answer carries tokens paperboy was
 * never configured with): Slack bot, user, app-level, legacy and refresh tokens (`xoxb-`, `xoxp-`,
 * `xoxa-`, `xoxr-`, `xoxe-`, `xoxs-`, rotating `xoxe.xoxb-`/`xoxe.xoxp-`, `xapp-`) and Discord bot
 * tokens (base64 user id, timestamp and HMAC joined by dots).
 */
const TOKEN_SHAPES =
  /(?:xoxe\.)?xox[abpres]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|(?<![\w-])[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,40}(?![\w-])/g;

/** `text` with every registered secret and every token-shaped string replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  let result = text;
  for (const secret of known) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  return result.replace(TOKEN_SHAPES, REDACTED);
}
