export { buildDigest, DEFAULT_DIGEST_LIMIT } from "./build-digest.ts";
export type { Digest, DigestItem, DigestOptions } from "./digest.ts";
export { formatDigestDate } from "./digest-date.ts";
export { wholeWordMatcher } from "./match-words.ts";
export { TLDR_MAX_CHARS, tldr } from "./tldr.ts";
