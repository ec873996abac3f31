/**
 * Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 * and the component reference): Discord rejects a message that breaks any of them with `50035 Invalid Form
 * Body`, so the renderer keeps every message inside them. Lengths are counted in UTF-16 code units, which is
 * never less than Discord's count.
 */

/** Characters in a thread's name. */
export const MAX_THREAD_NAME = 100;
/** Characters in an embed's title. */
export const MAX_EMBED_TITLE = 256;
/** Characters in an embed's description. */
export const MAX_EMBED_DESCRIPTION = 4096;
/** Fields in one embed. */
export const MAX_EMBED_FIELDS = 25;
/** Characters in a field's name. */
export const MAX_FIELD_NAME = 256;
/** Characters in a field's value. */
export const MAX_FIELD_VALUE = 1024;
/** Characters in an embed's footer text. */
export const MAX_FOOTER_TEXT = 2048;
/** Characters in an embed's author name. */
export const MAX_AUTHOR_NAME = 256;
/** Characters summed over title, description, field names and values, footer and author of all embeds. */
export const MAX_EMBEDS_TOTAL = 6000;
/** Embeds in one message. */
export const MAX_EMBEDS = 10;
/** Characters in a message's `content`. */
export const MAX_CONTENT = 2000;
/** Action rows in one message. */
export const MAX_ACTION_ROWS = 5;
/** Buttons in one action row. */
export const MAX_ROW_BUTTONS = 5;
/** Characters in a button's label. */
export const MAX_BUTTON_LABEL = 80;
/** Characters in a link button's URL. */
export const MAX_BUTTON_URL = 512;

/**
 * Our own reading budgets (not Discord's), in characters of rendered text. They also bound each list
 * entry well below MAX_EMBED_DESCRIPTION, so packing never has to cut one.
 */
export const BUDGET = {
  /** A paper card's TL;DR (its description). */
  tldr: 1200,
  authors: 300,
  organization: 120,
  category: 40,
  why: 300,
  note: 300,
  /** A digest's own note (e.g. "Quiet day: the week's best"). */
  digestNote: 500,
  /** An entry's title in a list. */
  listTitle: 200,
  /** An entry's TL;DR in a list. */
  listTldr: 280,
  /** An entry's "why" in a list. */
  listWhy: 200,
  /** An entry's authors and organization in a list. */
  listAuthors: 160,
  /** An entry's masked links in a list (all five fit). */
  listLinks: 600,
  /** The most a compact digest item's TL;DR gets when there is room. */
  digestTldr: 400,
  /** Below this, a compact digest gives up detail (shorter titles, no why) to keep TL;DRs readable. */
  digestMinTldr: 120,
  helpUsage: 200,
  helpSummary: 400,
  /** A settings value such as the followed topics. */
  settingsValue: 1000,
  /** A usage error, which may echo what the user typed. */
  usageError: 1500,
  usage: 500,
} as const;
