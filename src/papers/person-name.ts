/** Letters that Unicode decomposition leaves whole, spelled as people type them without the accent. */
const PLAIN_LETTERS: Readonly<Record<string, string>> = {
  ß: "ss",
  ø: "o",
  ł: "l",
  đ: "d",
  æ: "ae",
  œ: "oe",
  ı: "i",
  þ: "th",
};

/** Lower case, accents off (`Schölkopf` → `scholkopf`), apostrophes dropped (`O'Neil` → `oneil`). */
function plain(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[ßøłđæœıþ]/g, (letter) => PLAIN_LETTERS[letter] ?? letter)
    .replace(/['’`]/g, "");
}

/**
 * A person's name as comparable words: `Yann LeCun`, `yann lecun`, `LeCun, Yann` and `Y. LeCun` give
 * `yann lecun` (or `y lecun`); hyphens and dots separate words (`Jean-Pierre` → `jean pierre`).
 */
export function nameWords(name: string): string[] {
  const [last, ...rest] = plain(name).split(",");
  const ordered = rest.length > 0 ? `${rest.join(" ")} ${last}` : (last ?? "");
  return ordered.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** One given name against another: equal, or one is the other's initial (`y` ~ `yann`). */
const givenMatches = (a: string, b: string): boolean =>
  a === b || (a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b));

/**
 * Whether the author `author` of a paper is the person someone follows as `followed`, as far as names
 * tell: the family names agree, and the first given names agree or one is the other's initial, so
 * `Y. LeCun`, `Yann LeCun`, `yann lecun` and `Yann André LeCun` are one person while `Anna LeCun` is not.
 * A single followed word is a family name (`LeCun`). Two-word names also match in the other order, as
 * many Chinese, Japanese and Korean names are written either way (`Wei Zhang` ~ `Zhang Wei`).
 */
export function authorMatches(followed: string, author: string): boolean {
  const want = nameWords(followed);
  const have = nameWords(author);
  if (want.length === 0 || have.length === 0) return false;
  if (want.length === 1) return have.at(-1) === want[0] || have.join("") === want[0];
  const sameOrder = want.at(-1) === have.at(-1) && givenMatches(want[0] ?? "", have[0] ?? "");
  if (sameOrder) return true;
  return (
    want.length === 2 &&
    have.length === 2 &&
    want[0] === have[1] &&
    want[1] === have[0] &&
    (want[0]?.length ?? 0) > 1
  );
}

/**
 * An organization's name as one comparable string: `Google DeepMind`, `google-deepmind` and
 * `GoogleDeepMind` all give `googledeepmind`.
 */
export function orgKey(name: string): string {
  return plain(name).replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Whether a paper's Hugging Face organization is the one followed (see {@link orgKey}). */
export function orgMatches(followed: string, organization: string | undefined): boolean {
  if (!organization) return false;
  const want = orgKey(followed);
  return want.length > 0 && want === orgKey(organization);
}
