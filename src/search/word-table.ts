/** Lower-case form of each ASCII code (A–Z folded); other codes stand for themselves. */
const FOLD = Uint16Array.from({ length: 128 }, (_, code) => (code >= 65 && code <= 90 ? code + 32 : code));

/**
 * The term id of each surface word the index has seen, looked up by a span of the text being
 * indexed and that span's hash, so a known word costs no substring, no string hashing and no Map
 * probe (the Map it replaces was a sixth of indexing 100k papers at start). A probe reads one slot
 * (hash and entry side by side) and compares the span with the word's characters in a flat pool,
 * not with a string elsewhere on the heap: at start most of a lookup's cost is memory it touches.
 * ASCII capitals in the span match the lower-case word, so ASCII text need not be lower-cased first.
 * Holds at most `limit` words and forgets them all when full, which bounds it against text with
 * endless new words.
 */
export class WordTable {
  /** Per slot: the word's hash, then its entry + 1 (0: empty). */
  private slots: Int32Array;
  private readonly terms: Int32Array;
  /** Entry `e`'s characters are `chars[starts[e], starts[e + 1])`. */
  private readonly starts: Int32Array;
  private chars = new Uint16Array(1 << 16);
  private words: string[] = [];

  constructor(private readonly limit: number) {
    let size = 1024;
    while (size < limit * 2) size *= 2;
    this.slots = new Int32Array(size * 2);
    this.terms = new Int32Array(limit);
    this.starts = new Int32Array(limit + 1);
  }

  /**
   * The entry of the word `text[start, end)` (ASCII capitals read as lower case) whose FNV-1a hash
   * over the lower-cased UTF-16 units is `hash` (see `forEachWordSpan`), or -1.
   */
  find(text: string, start: number, end: number, hash: number): number {
    const { slots, chars, starts } = this;
    const mask = (slots.length >>> 1) - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot * 2 + 1]! - 1;
      if (entry < 0) return -1;
      if (slots[slot * 2] !== (hash | 0)) continue;
      let at = starts[entry]!;
      if (starts[entry + 1]! - at !== length) continue;
      let i = start;
      for (; i < end; i++, at++) {
        const code = text.charCodeAt(i);
        if ((code < 128 ? FOLD[code] : code) !== chars[at]) break;
      }
      if (i === end) return entry;
    }
  }

  /** Adds a word (lower case) not in the table with its hash and term id; returns its entry. */
  add(word: string, hash: number, term: number): number {
    if (this.words.length >= this.limit) this.clear();
    const entry = this.words.length;
    const { slots } = this;
    const mask = (slots.length >>> 1) - 1;
    let slot = hash & mask;
    while (slots[slot * 2 + 1] !== 0) slot = (slot + 1) & mask;
    slots[slot * 2] = hash;
    slots[slot * 2 + 1] = entry + 1;
    this.terms[entry] = term;
    const at = this.starts[entry]!;
    if (at + word.length > this.chars.length) {
      const grown = new Uint16Array(Math.max(this.chars.length * 2, at + word.length));
      grown.set(this.chars);
      this.chars = grown;
    }
    for (let i = 0; i < word.length; i++) this.chars[at + i] = word.charCodeAt(i);
    this.starts[entry + 1] = at + word.length;
    this.words.push(word);
    return entry;
  }

  /** The word of an entry (the one instance the table holds). */
  word(entry: number): string {
    return this.words[entry]!;
  }

  /** The term id of an entry. */
  term(entry: number): number {
    return this.terms[entry]!;
  }

  /** Forgets every word. */
  clear(): void {
    this.slots.fill(0);
    this.words = [];
  }
}
