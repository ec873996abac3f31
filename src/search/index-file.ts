import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import { PAGE_SIZE, type Page } from "./int-arena.ts";
import type { IndexSnapshot } from "./search-index.ts";
import { IRREGULAR_FORMS, STEM_OVERRIDES } from "./stem-overrides.ts";
import { STOP_WORDS } from "./stop-words.ts";
import { stem } from "./tokenize.ts";

/**
 * Bumped whenever what the index stores changes meaning (fields, packing, stemming rules that the
 * fingerprint below cannot see): a file of another format is ignored and the index is rebuilt.
 */
export const INDEX_FILE_FORMAT = 2;
const MAGIC = "PAPERBOY-INDEX\n";
const ALIGN = 8;

/** Why a saved index could not be used; start-up rebuilds the index from the store instead. */
export class IndexFileError extends Error {
  override readonly name = "IndexFileError";
}

type ColumnType = "u8" | "u16" | "i32" | "u32" | "f64";
type AnyColumn =
  | Uint8Array<ArrayBuffer>
  | Uint16Array<ArrayBuffer>
  | Int32Array<ArrayBuffer>
  | Uint32Array<ArrayBuffer>
  | Float64Array<ArrayBuffer>;
const CONSTRUCTORS = {
  u8: Uint8Array,
  u16: Uint16Array,
  i32: Int32Array,
  u32: Uint32Array,
  f64: Float64Array,
} as const;

/** One binary section of the file: a column, or a run of arena pages (`pages` of them). */
interface SectionHeader {
  name: string;
  type: ColumnType;
  /** Elements in the section. */
  length: number;
  /** Byte offset from the start of the file. */
  offset: number;
  /** For arena sections: the number of PAGE_SIZE pages the elements are split into. */
  pages?: number;
  /** Checksum of the section's bytes (see `checksum`). */
  sum: number;
}

interface FileHeader<M> {
  format: number;
  tokenizer: string;
  meta: M;
  scalars: {
    arenaUsed: { tokens: number; postings: number };
    counts: { ids: number; stems: number; surfaces: number };
  };
  sections: SectionHeader[];
}

/**
 * What tokenising depends on beyond the code's format number: the stop words, the stem overrides and
 * the stems of a probe list. A file written by a build that tokenised differently is not loaded.
 */
export function tokenizerFingerprint(): string {
  const probe = ["learning", "forgetting", "diffusion", "networks", "transformers", "agents", "quantization"];
  return createHash("sha256")
    .update(
      JSON.stringify([[...STOP_WORDS].sort(), [...STEM_OVERRIDES], [...IRREGULAR_FORMS], probe.map(stem)]),
    )
    .digest("hex")
    .slice(0, 16);
}

/**
 * Writes an index snapshot to `path` with caller metadata `meta` (what the index covers): a JSON
 * header, then 8-byte aligned binary sections (columns, arena pages, and the ids, stems and display
 * forms as newline-separated UTF-8, which loads far faster than JSON arrays), each with a checksum. Written to a
 * temporary file and renamed over `path`, so a crash mid-write leaves the previous file intact. The
 * write is synchronous, so the snapshot's shared arrays cannot change while they are written.
 */
export function writeIndexFile<M>(path: string, snapshot: IndexSnapshot, meta: M): number {
  const { vocabulary, documents, postings } = snapshot;
  const columns: [string, ColumnType, AnyColumn][] = [
    ["strings.ids", "u8", joinLines("document ids", documents.ids)],
    ["strings.stems", "u8", joinLines("stems", vocabulary.stems)],
    ["strings.surfaces", "u8", joinLines("words", vocabulary.surfaces)],
    ["vocabulary.votes", "i32", vocabulary.votes],
    ["vocabulary.df", "i32", vocabulary.df],
    ["documents.alive", "u8", documents.alive],
    ["documents.votes", "i32", documents.votes],
    ["documents.dates", "f64", documents.dates],
    ["documents.starts", "f64", documents.starts],
    ["documents.spans", "u16", documents.spans],
    ["documents.lengths", "u16", documents.lengths],
    ["documents.fingerprints", "u32", documents.fingerprints],
    ["postings.head", "i32", postings.head],
    ["postings.tail", "i32", postings.tail],
    ["postings.fill", "i32", postings.fill],
    ["postings.lengths", "i32", postings.lengths],
  ];
  const arenas: [string, readonly Page[]][] = [
    ["documents.tokens", documents.tokens.pages],
    ["postings.arena", postings.arena.pages],
  ];
  const sections: SectionHeader[] = [];
  let offset = 0;
  for (const [name, type, column] of columns) {
    sections.push({ name, type, length: column.length, offset, sum: checksum(bytesOf(column)) });
    offset = aligned(offset + column.byteLength);
  }
  for (const [name, pages] of arenas) {
    let sum = 0;
    for (const page of pages) sum = (sum + checksum(bytesOf(page))) >>> 0;
    sections.push({ name, type: "i32", length: pages.length * PAGE_SIZE, offset, pages: pages.length, sum });
    offset = aligned(offset + pages.length * PAGE_SIZE * 4);
  }
  const header: FileHeader<M> = {
    format: INDEX_FILE_FORMAT,
    tokenizer: tokenizerFingerprint(),
    meta,
    scalars: {
      arenaUsed: { tokens: documents.tokens.used, postings: postings.arena.used },
      counts: {
        ids: documents.ids.length,
        stems: vocabulary.stems.length,
        surfaces: vocabulary.surfaces.length,
      },
    },
    sections,
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(aligned(MAGIC.length + 4 + headerBytes.length));
  prefix.write(MAGIC, 0, "latin1");
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(prefix, MAGIC.length + 4);
  const base = prefix.length;

  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, "w", 0o600);
  try {
    writeSync(fd, prefix);
    const padding = Buffer.alloc(ALIGN);
    let written = 0;
    const put = (bytes: Uint8Array) => {
      writeAll(fd, bytes);
      written += bytes.byteLength;
    };
    const pad = () => {
      const gap = aligned(written) - written;
      if (gap > 0) put(padding.subarray(0, gap));
    };
    for (const [, , column] of columns) {
      put(bytesOf(column));
      pad();
    }
    for (const [, pages] of arenas) {
      for (const page of pages) put(bytesOf(page));
      pad();
    }
    closeSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  renameSync(temporary, path);
  return base + offset;
}

/**
 * Reads a file written by {@link writeIndexFile}: the snapshot and the caller's metadata. Throws
 * IndexFileError when the file is of another format or tokenizer, truncated, or fails a checksum;
 * a missing file throws the `ENOENT` error from `open`. Arena pages are read into `newPage()`'s pages
 * (e.g. shared memory, see `SearchIndex.newPage`).
 */
export function readIndexFile<M>(
  path: string,
  newPage: () => Page = () => new Int32Array(PAGE_SIZE),
): { snapshot: IndexSnapshot; meta: M } {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const start = Buffer.alloc(MAGIC.length + 4);
    if (
      readSync(fd, start, 0, start.length, 0) !== start.length ||
      start.toString("latin1", 0, MAGIC.length) !== MAGIC
    ) {
      throw new IndexFileError("not a paperboy index file");
    }
    const headerLength = start.readUInt32LE(MAGIC.length);
    if (MAGIC.length + 4 + headerLength > size) throw new IndexFileError("the file is truncated (header)");
    const headerBytes = Buffer.alloc(headerLength);
    readSync(fd, headerBytes, 0, headerLength, MAGIC.length + 4);
    let header: FileHeader<M>;
    try {
      header = JSON.parse(headerBytes.toString("utf8")) as FileHeader<M>;
    } catch {
      throw new IndexFileError("the header is not valid JSON");
    }
    if (header.format !== INDEX_FILE_FORMAT) {
      throw new IndexFileError(
        `it has format ${header.format}, this version reads format ${INDEX_FILE_FORMAT}`,
      );
    }
    if (header.tokenizer !== tokenizerFingerprint()) {
      throw new IndexFileError("it was built with other tokenizing rules (stop words or stemming changed)");
    }
    const base = aligned(MAGIC.length + 4 + headerLength);
    const columns = new Map<string, AnyColumn>();
    const arenas = new Map<string, Page[]>();
    for (const section of header.sections) {
      const Ctor = CONSTRUCTORS[section.type];
      if (!Ctor) throw new IndexFileError(`the section ${section.name} has an unknown type ${section.type}`);
      const end = base + section.offset + section.length * Ctor.BYTES_PER_ELEMENT;
      if (end > size) throw new IndexFileError(`the file is truncated (${section.name})`);
      let position = base + section.offset;
      if (section.pages === undefined) {
        const column = new Ctor(section.length) as AnyColumn;
        position += readExactly(fd, bytesOf(column), position);
        if (checksum(bytesOf(column)) !== section.sum)
          throw new IndexFileError(`checksum mismatch in ${section.name}`);
        columns.set(section.name, column);
        continue;
      }
      const pages: Page[] = [];
      let sum = 0;
      for (let index = 0; index < section.pages; index++) {
        const page = newPage();
        position += readExactly(fd, bytesOf(page), position);
        sum = (sum + checksum(bytesOf(page))) >>> 0;
        pages.push(page);
      }
      if (sum !== section.sum) throw new IndexFileError(`checksum mismatch in ${section.name}`);
      arenas.set(section.name, pages);
    }
    const column = <T extends AnyColumn>(name: string): T => {
      const found = columns.get(name);
      if (!found) throw new IndexFileError(`the section ${name} is missing`);
      return found as T;
    };
    const arena = (name: string): Page[] => {
      const found = arenas.get(name);
      if (!found) throw new IndexFileError(`the section ${name} is missing`);
      return found;
    };
    const lines = (name: "ids" | "stems" | "surfaces"): string[] => {
      const bytes = column<Uint8Array<ArrayBuffer>>(`strings.${name}`);
      const count = header.scalars.counts[name];
      if (count === 0) return [];
      const found = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        .toString("utf8")
        .split("\n");
      if (found.length !== count)
        throw new IndexFileError(`expected ${count} ${name}, found ${found.length}`);
      return found;
    };
    const ids = lines("ids");
    const stems = lines("stems");
    const surfaces = lines("surfaces");
    return {
      meta: header.meta,
      snapshot: {
        vocabulary: { stems, surfaces, votes: column("vocabulary.votes"), df: column("vocabulary.df") },
        documents: {
          ids,
          alive: column("documents.alive"),
          votes: column("documents.votes"),
          dates: column("documents.dates"),
          starts: column("documents.starts"),
          spans: column("documents.spans"),
          lengths: column("documents.lengths"),
          fingerprints: column("documents.fingerprints"),
          tokens: { pages: arena("documents.tokens"), used: header.scalars.arenaUsed.tokens },
        },
        postings: {
          arena: { pages: arena("postings.arena"), used: header.scalars.arenaUsed.postings },
          head: column("postings.head"),
          tail: column("postings.tail"),
          fill: column("postings.fill"),
          lengths: column("postings.lengths"),
        },
      },
    };
  } finally {
    closeSync(fd);
  }
}

const aligned = (offset: number): number => Math.ceil(offset / ALIGN) * ALIGN;

/** Strings as newline-separated UTF-8; refuses (and so never saves) a list whose strings hold a newline. */
function joinLines(what: string, strings: readonly string[]): Uint8Array<ArrayBuffer> {
  const text = strings.join("\n");
  if (strings.some((value) => value.includes("\n"))) {
    throw new IndexFileError(`cannot save ${what} that contain a line break`);
  }
  const bytes = Buffer.from(text, "utf8");
  return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const bytesOf = (column: AnyColumn | Page): Uint8Array =>
  new Uint8Array(column.buffer, column.byteOffset, column.byteLength);

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.byteLength; ) done += writeSync(fd, bytes, done, bytes.byteLength - done);
}

function readExactly(fd: number, into: Uint8Array, position: number): number {
  let done = 0;
  while (done < into.byteLength) {
    const read = readSync(fd, into, done, into.byteLength - done, position + done);
    if (read === 0) throw new IndexFileError("the file is truncated");
    done += read;
  }
  return done;
}

/**
 * A fast 32-bit checksum of bytes: four interleaved multiply-xor lanes over 32-bit words (so that
 * 150 MB take tens of milliseconds), then the tail bytes. It catches truncation, zeroed pages and
 * flipped bits, which is what a damaged file shows; it is not a defence against a crafted file.
 */
export function checksum(bytes: Uint8Array): number {
  const words = Math.floor(bytes.byteLength / 4);
  const view =
    bytes.byteOffset % 4 === 0
      ? new Int32Array(bytes.buffer, bytes.byteOffset, words)
      : new Int32Array(bytes.slice(0, words * 4).buffer);
  let a = 0x811c9dc5;
  let b = 0x01000193;
  let c = 0x2545f491;
  let d = 0x9e3779b9;
  let i = 0;
  for (const end = words - 3; i < end; i += 4) {
    a = Math.imul(a ^ view[i]!, 0x01000193);
    b = Math.imul(b ^ view[i + 1]!, 0x01000193);
    c = Math.imul(c ^ view[i + 2]!, 0x01000193);
    d = Math.imul(d ^ view[i + 3]!, 0x01000193);
  }
  for (; i < words; i++) a = Math.imul(a ^ view[i]!, 0x01000193);
  for (let k = words * 4; k < bytes.byteLength; k++) b = Math.imul(b ^ bytes[k]!, 0x01000193);
  return (
    (Math.imul(a ^ (b >>> 15), 0x85ebca6b) ^ Math.imul(c ^ (d >>> 13), 0xc2b2ae35) ^ bytes.byteLength) >>> 0
  );
}
