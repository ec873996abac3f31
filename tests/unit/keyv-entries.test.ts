import { Keyv } from "keyv";
import { describe, expect, it } from "vitest";
import { createKeyv, decodeEntry, encodeEntry } from "../../src/store/drivers/keyv-entries.ts";

/** `depth` objects inside one another around `leaf`. */
function nested(depth: number, leaf: unknown): unknown {
  let value: unknown = leaf;
  for (let level = 0; level < depth; level++) value = { level, value };
  return value;
}

/** Strings Keyv's encoder escapes or marks by their leading colons, and the plain cases beside them. */
const COLON_STRINGS = ["text", ":starts with a colon", "::two colons", ":base64:looks like a buffer", ""];

describe("encodeEntry", () => {
  it("writes exactly the text Keyv's own encoder writes", async () => {
    const keyv = createKeyv(new Map());
    const plain = new Keyv().serialize!;
    const values: unknown[] = [
      ...COLON_STRINGS,
      0,
      -1.25,
      Number.NaN,
      null,
      true,
      [":a", ["::b", { c: ":c" }], 1, null, undefined],
      {
        id: "2606.13392",
        title: ":)",
        aiKeywords: [":x", "y"],
        nested: { deep: [":z"] },
        n: 3.5,
        gone: undefined,
      },
      { ":key": ":value", when: new Date(Date.UTC(2026, 5, 12)) },
      JSON.parse('{"__proto__": ":polluted", "ok": ":fine"}'),
      Buffer.from("bytes"),
      { bytes: Buffer.from([0, 1, 255]), list: [Buffer.from(":")] },
      // Values without any colon-led string or Buffer take the plain path; these sit at its edges.
      { when: new Date(Date.UTC(2026, 5, 12)), list: [1, undefined, "x"], plain: { a: "b:c" } },
      nested(40, ":deep"),
      nested(40, "deep"),
    ];
    for (const value of values) {
      for (const ttlMs of [undefined, 60_000]) {
        const raw = await encodeEntry(keyv, value, ttlMs);
        const entry = JSON.parse(raw) as { expires?: number };
        expect(raw).toBe(await plain({ value, expires: entry.expires }));
      }
    }
  });
});

describe("decodeEntry", () => {
  it("decodes every stored string exactly as Keyv's own decoder does", async () => {
    const keyv = createKeyv(new Map());
    const plain = new Keyv().deserialize!;
    const values: unknown[] = [
      ...COLON_STRINGS,
      0,
      null,
      true,
      [":a", ["::b", { c: ":c" }], 1, null],
      { id: "2606.13392", title: ":)", aiKeywords: [":x", "y"], nested: { deep: [":z"] }, n: 3.5 },
      JSON.parse('{"__proto__": ":polluted", "ok": ":fine"}'),
      Buffer.from("bytes"),
    ];
    for (const value of values) {
      const raw = await encodeEntry(keyv, value);
      expect(await decodeEntry(keyv, raw)).toEqual(await plain(raw));
    }
    const handWritten = '{"value":{"a":":x","b":[":base64:AAE=",":",""],"__proto__":":p"}}';
    const decoded = await decodeEntry(keyv, handWritten);
    expect(decoded).toEqual(await plain(handWritten));
    expect(Object.getPrototypeOf(decoded?.value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(decoded?.value, "__proto__")?.value).toBe("p");
  });
});
