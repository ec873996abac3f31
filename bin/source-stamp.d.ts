/** The directories compiled into `.build`, relative to the project root. */
export const SOURCE_DIRS: readonly string[];
/** Files outside them that the build depends on or copies. */
export const SOURCE_FILES: readonly string[];
/** Hex fingerprint of the sources under `root`. */
export function sourceStamp(root: string): string;
