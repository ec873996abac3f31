import { Keyv } from "keyv";
import { describe, expect, it } from "vitest";
import { createKeyv, decodeEntry, encodeEntry } from "../../src/store/drivers/keyv-entries.ts";

describe("decodeEntry", () => {
  it("decodes every stored string exactly as Keyv's own decoder does", async () => {
    const keyv = createKeyv(new Map());
    const plain = new Keyv().deserialize!;
    const values: unknown[] = [
      "text",
      ":starts with a colon",
      "::two colons",
      ":base64:looks like a buffer",
      "",
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
