/**
 * The term id of each surface word the index has seen, looked up by a span of the text being
 * indexed and that span's hash, so a known word costs no substring, no string hashing and no Map
 * probe (the Map it replaces was a sixth of indexing 100k papers at start). Holds at most `limit`
 * words and forgets them all when full, which bounds it against text with endless new words.
 */
export class WordTable {
  private slots: Int32Array;
  private hashes: Uint32Array;
  private terms: Int32Array;
  private words: string[] = [];

  constructor(private readonly limit: number) {
    let size = 1024;
    while (size < limit * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.hashes = new Uint32Array(limit);
    this.terms = new Int32Array(limit);
  }

  /** The entry of the word `text[start, end)` whose {@link hashWord} is `hash`, or -1. */
  find(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry < 0) return -1;
      if (this.hashes[entry] !== hash) continue;
      const word = this.words[entry]!;
      if (word.length === end - start && text.startsWith(word, start)) return entry;
    }
  }

  /** Adds a word not in the table with its hash and term id; returns its entry. */
  add(word: string, hash: number, term: number): number {
    if (this.words.length >= this.limit) this.clear();
    const entry = this.words.length;
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot]! >= 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry;
    this.hashes[entry] = hash;
    this.terms[entry] = term;
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
    this.slots.fill(-1);
    this.words = [];
  }
}
