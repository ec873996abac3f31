/**
 * Slack's Block Kit limits (https://docs.slack.dev/reference/block-kit): Slack rejects a message that
 * breaks any of them with `invalid_blocks`, so the renderer keeps every message inside them.
 */

/** Blocks in one message. */
export const MAX_BLOCKS = 50;
/** Blocks in one App Home view. */
export const MAX_HOME_BLOCKS = 100;
/** Characters in a section's text (and in any other text object). */
export const MAX_SECTION_TEXT = 3000;
/** Characters in one of a section's fields. */
export const MAX_FIELD_TEXT = 2000;
/** Fields in one section. */
export const MAX_FIELDS = 10;
/** Characters in a header block's text. */
export const MAX_HEADER_TEXT = 150;
/** Elements in one context block. */
export const MAX_CONTEXT_ELEMENTS = 10;
/** Elements in one actions block. */
export const MAX_ACTION_ELEMENTS = 25;
/** Characters in a button's label. */
export const MAX_BUTTON_TEXT = 75;
/** Characters in a button's URL. */
export const MAX_BUTTON_URL = 3000;
/** Characters in an image element's URL. */
export const MAX_IMAGE_URL = 3000;
/** Characters in an image element's `alt_text`. */
export const MAX_ALT_TEXT = 2000;
/** Characters in an `action_id`. */
export const MAX_ACTION_ID = 255;
/**
 * Characters in a message's top-level `text`, the notification fallback. Slack truncates at 40,000; the
 * fallback only has to say what the message is, so it stays far below.
 */
export const MAX_FALLBACK_TEXT = 4000;

/** Our own reading budgets (not Slack's): a paper card stays scannable in a busy channel. */
export const BUDGET = {
  title: 300,
  tldr: 1200,
  authors: 300,
  organization: 120,
  category: 40,
  /** A thumbnail's alt text: the paper's title, shortened (Slack allows MAX_ALT_TEXT). */
  altText: 300,
  why: 300,
  note: 500,
  homeTldr: 300,
  /** Papers listed on App Home per section, so the view stays under MAX_HOME_BLOCKS. */
  homeSaved: 15,
  homeTop: 10,
} as const;
