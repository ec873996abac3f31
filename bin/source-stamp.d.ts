/** The directories compiled into `.build`, relative to the project root. */
export const SOURCE_DIRS: readonly string[];
/** Files outside them that the build depends on or copies. */
export const SOURCE_FILES: readonly string[];
/** Hex fingerprint of the sources under `root`. */
export function sourceStamp(root: string): string;
/** Whether `<root>/.build` was compiled from exactly the sources now under `root` (its stamp matches). */
export function buildIsFresh(root: string): boolean;
