/**
 * Errors meant for the person who typed a command: short, specific, safe to show in a channel.
 * Anything else that escapes a command is logged in full and answered with a generic apology.
 */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserFacingError";
  }
}

/** A command's arguments did not parse; the adapter shows `message` and the command's usage line. */
export class UsageError extends UserFacingError {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Configuration that cannot work; the message names the variable and the expected form. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** One line describing any thrown value, for logs and stderr. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
