/**
 * The text a driver stores for a lease value (the records of `setIfAbsent`, `deleteIfEquals` and
 * `extendIfEquals`): plain `JSON.stringify`, the driver's own form, which no library upgrade changes.
 * Two values are equal when these texts are; undefined for a value that has no JSON text, which nothing
 * stored equals.
 */
export function leaseText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) {
    throw new RangeError(`[paperboy] [store] a lease value must be JSON data, got ${typeof value}`);
  }
  return text;
}

/** {@link leaseText} of a value a lease is set to, which must have one. */
export function requiredLeaseText(value: unknown): string {
  const text = leaseText(value);
  if (text === undefined) throw new RangeError("[paperboy] [store] a lease needs a value, got undefined");
  return text;
}
