/** The value after `--name` on a benchmark's command line, if given. */
export function option(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

/** The value after `--name`, one of `allowed`; `fallback` when not given; throws naming the choices otherwise. */
export function choiceOption<T extends string>(
  argv: readonly string[],
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = option(argv, name);
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${name} must be ${allowed.join(" or ")}, got "${value}"`);
}
