import type { APIEmbed } from "discord.js";
import {
  MAX_ACTION_ROWS,
  MAX_AUTHOR_NAME,
  MAX_BUTTON_LABEL,
  MAX_BUTTON_URL,
  MAX_CONTENT,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_FIELDS,
  MAX_EMBED_TITLE,
  MAX_EMBEDS,
  MAX_EMBEDS_TOTAL,
  MAX_FIELD_NAME,
  MAX_FIELD_VALUE,
  MAX_FOOTER_TEXT,
  MAX_ROW_BUTTONS,
} from "../../adapters/discord/limits.ts";
import type { DiscordMessage } from "../../adapters/discord/render.ts";

/** Hosts a rendered link, embed URL or button may point to. */
/** The "Share to channel" button's id: its prefix and a share offer's token. */
const SHARE_CUSTOM_ID = /^paperboy:share:[A-Za-z0-9_-]{16}$/;
const OUR_URL = /^https:\/\/(?:arxiv\.org|huggingface\.co|github\.com)\/[A-Za-z0-9._/-]+$/;
/** Our own masked links, `[label](https://our-host/…)`, whose label holds no bracket at all. */
export const OUR_MASKED_LINK =
  /(?<!\\)\[([^[\]]*)\]\((https:\/\/(?:arxiv\.org|huggingface\.co|github\.com)\/[A-Za-z0-9._/-]+)\)/g;
/**
 * A project page, the one link to a host not ours: labelled `Project page`, https, a plain host and
 * only characters `safeWebUrl` lets through (none of them closes the link).
 */
export const PROJECT_MASKED_LINK =
  /(?<!\\)\[(Project page)\]\((https:\/\/[a-z0-9.-]+(?:\/[A-Za-z0-9._~!$&'*+,;=:@%/-]*)?(?:\?[A-Za-z0-9._~!$&'*+,;=:@%/?-]*)?)\)/g;
const PROJECT_URL =
  /^https:\/\/[a-z0-9.-]+(?:\/[A-Za-z0-9._~!$&'*+,;=:@%/-]*)?(?:\?[A-Za-z0-9._~!$&'*+,;=:@%/?-]*)?$/;
/** Hugging Face's CDN, the only place an embed's thumbnail may come from. */
const HF_CDN_IMAGE = /^https:\/\/cdn-(?:thumbnails|uploads)\.huggingface\.co\/[A-Za-z0-9._~!$&'*+,;=:@%/-]+$/;
/** A mention, channel, role, command, timestamp, emoji or autolink opening: `<` not defused by a ZWSP. */
export const LIVE_ANGLE = /<(?!\u200B)/;
/** `@everyone` / `@here` with nothing invisible between `@` and the word. */
export const LIVE_BROADCAST = /@(?:everyone|here)/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_CONTROLS = /[\p{Cc}\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** What would open a heading, subtext, quote or list at the start of a line if not backslash-escaped. */
const LINE_START_MARKUP = /^(?:#{1,3}\s|-#\s|>|[-+*]\s|\d+\.\s)/;
const MESSAGE_KEYS = new Set(["content", "embeds", "components", "allowed_mentions", "startsThread"]);

type Where = { at: string; max: number; multiline: boolean; markdown: boolean };

/**
 * The characters Discord markdown would act on: escaped pairs (`\*`) and inline code spans become
 * spaces, everything else stays; `problems` names a code span that never closes or holds nothing.
 */
function liveMarkdown(text: string): { live: string; problems: string[] } {
  let live = "";
  const problems: string[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charAt(index);
    if (char === "\\" && index + 1 < text.length && /[^0-9A-Za-z\s]/.test(text.charAt(index + 1))) {
      live += "  ";
      index += 1;
    } else if (char === "`") {
      const end = text.indexOf("`", index + 1);
      if (end === -1) problems.push("unclosed inline code");
      else if (end === index + 1) problems.push("empty inline code");
      live += " ".repeat((end === -1 ? text.length : end + 1) - index);
      index = end === -1 ? text.length : end;
    } else live += char;
  }
  return { live, problems };
}

/** Problems with one string that Discord renders as markdown (`markdown`) or as plain text. */
function textProblems(text: string, where: Where): string[] {
  const problems: string[] = [];
  const quote = JSON.stringify(text.slice(0, 80));
  const say = (problem: string) => problems.push(`${where.at}: ${problem} in ${quote}`);
  if (text.trim().length < 1 || text.length > where.max) say(`length ${text.length} not in 1..${where.max}`);
  if (LONE_SURROGATE.test(text)) say("lone surrogate");
  if (FORBIDDEN_CONTROLS.test(where.multiline ? text.replaceAll("\n", " ") : text))
    say("control, bidi or line-break character");
  if (LIVE_ANGLE.test(text)) say("live <");
  if (LIVE_BROADCAST.test(text)) say("live broadcast");
  if (!where.markdown) {
    if (text.includes("](")) say("masked link");
    return problems;
  }
  for (const link of [...text.matchAll(OUR_MASKED_LINK), ...text.matchAll(PROJECT_MASKED_LINK)]) {
    if ((link[2]?.length ?? 0) > MAX_BUTTON_URL) say("over-long link");
  }
  const { live, problems: code } = liveMarkdown(
    text
      .replace(PROJECT_MASKED_LINK, (_, label: string) => label)
      .replace(OUR_MASKED_LINK, (_, label: string) => label),
  );
  for (const problem of code) say(problem);
  if (/[[\]]/.test(live)) say("live [ or ] (masked link)");
  if (/[~|_]/.test(live)) say("live ~, | or _ (formatting)");
  const stars = live.match(/\*+/g) ?? [];
  if (stars.some((run) => run !== "**") || stars.length % 2 !== 0) say("unbalanced or single *");
  for (const line of text.split("\n")) {
    if (LINE_START_MARKUP.test(line)) say(`line opens markup: ${JSON.stringify(line.slice(0, 20))}`);
  }
  return problems;
}

function embedProblems(embed: APIEmbed, at: string): string[] {
  const problems: string[] = [];
  const md = (max: number, multiline: boolean, where: string) => ({
    at: `${at} ${where}`,
    max,
    multiline,
    markdown: true,
  });
  if (!embed.title && !embed.description && !embed.fields?.length) problems.push(`${at}: empty embed`);
  if (embed.title !== undefined)
    problems.push(...textProblems(embed.title, md(MAX_EMBED_TITLE, false, "title")));
  if (embed.description !== undefined)
    problems.push(...textProblems(embed.description, md(MAX_EMBED_DESCRIPTION, true, "description")));
  const fields = embed.fields ?? [];
  if (fields.length > MAX_EMBED_FIELDS) problems.push(`${at}: ${fields.length} fields`);
  fields.forEach((field, index) => {
    problems.push(...textProblems(field.name, md(MAX_FIELD_NAME, false, `field ${index} name`)));
    problems.push(...textProblems(field.value, md(MAX_FIELD_VALUE, true, `field ${index} value`)));
  });
  if (embed.footer !== undefined)
    problems.push(
      ...textProblems(embed.footer.text, {
        at: `${at} footer`,
        max: MAX_FOOTER_TEXT,
        multiline: true,
        markdown: false,
      }),
    );
  if (embed.author !== undefined)
    problems.push(
      ...textProblems(embed.author.name, {
        at: `${at} author`,
        max: MAX_AUTHOR_NAME,
        multiline: false,
        markdown: false,
      }),
    );
  if (embed.url !== undefined && !(embed.url.length <= MAX_BUTTON_URL && OUR_URL.test(embed.url)))
    problems.push(`${at}: url ${embed.url}`);
  if (embed.thumbnail !== undefined && !HF_CDN_IMAGE.test(embed.thumbnail.url))
    problems.push(`${at}: thumbnail ${embed.thumbnail.url}`);
  if (embed.image !== undefined) problems.push(`${at}: image ${embed.image.url}`);
  if (
    embed.color !== undefined &&
    !(Number.isInteger(embed.color) && embed.color >= 0 && embed.color <= 0xffffff)
  )
    problems.push(`${at}: color ${embed.color}`);
  return problems;
}

/** The characters Discord counts towards a message's 6,000 over all its embeds. */
export function embedsLength(embeds: APIEmbed[]): number {
  return embeds.reduce(
    (sum, embed) =>
      sum +
      (embed.title?.length ?? 0) +
      (embed.description?.length ?? 0) +
      (embed.fields ?? []).reduce((total, field) => total + field.name.length + field.value.length, 0) +
      (embed.footer?.text.length ?? 0) +
      (embed.author?.name.length ?? 0),
    0,
  );
}

/**
 * Every problem with one rendered message: any Discord limit broken (embed parts, totals, counts,
 * buttons), `allowed_mentions` other than `{ parse: [] }`, a URL not ours, and any text that could
 * mention, link or format: a live `<` or broadcast, an unescaped bracket, `*`, `_`, `~`, `|`, an
 * unclosed code span, a line opening a heading/quote/list, a control or bidi character.
 */
export function discordMessageProblems(message: DiscordMessage): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(message)) if (!MESSAGE_KEYS.has(key)) problems.push(`unexpected key ${key}`);
  // Not sent with the message: the name of the thread started from it (Discord: 1 to 100 characters).
  if (
    message.startsThread !== undefined &&
    (message.startsThread.length < 1 || message.startsThread.length > 100)
  )
    problems.push(`thread name of ${message.startsThread.length} characters`);
  if (JSON.stringify(message.allowed_mentions) !== '{"parse":[]}')
    problems.push(`allowed_mentions ${JSON.stringify(message.allowed_mentions)}`);
  if (message.content !== undefined)
    problems.push(
      ...textProblems(message.content, { at: "content", max: MAX_CONTENT, multiline: true, markdown: true }),
    );
  if (message.embeds.length > MAX_EMBEDS) problems.push(`${message.embeds.length} embeds`);
  if (message.embeds.length === 0 && !message.content) problems.push("no embed and no content");
  for (const [index, embed] of message.embeds.entries())
    problems.push(...embedProblems(embed, `embed ${index}`));
  const total = embedsLength(message.embeds);
  if (total > MAX_EMBEDS_TOTAL) problems.push(`embeds total ${total} > ${MAX_EMBEDS_TOTAL}`);
  if (message.components.length > MAX_ACTION_ROWS) problems.push(`${message.components.length} action rows`);
  message.components.forEach((row, rowIndex) => {
    const at = `row ${rowIndex}`;
    if (row.type !== 1) problems.push(`${at}: type ${row.type}`);
    if (row.components.length < 1 || row.components.length > MAX_ROW_BUTTONS)
      problems.push(`${at}: ${row.components.length} buttons`);
    row.components.forEach((button, index) => {
      const where = `${at} button ${index}`;
      if (button.type === 2 && button.style === 1) {
        // The one button that is not a link: "Share to channel", carrying only an offer's token.
        const id = "custom_id" in button ? button.custom_id : "";
        if ("url" in button || button.label !== "Share to channel" || !SHARE_CUSTOM_ID.test(id))
          problems.push(`${where}: share button ${id}`);
        return;
      }
      if (button.type !== 2 || button.style !== 5 || !("url" in button)) {
        problems.push(`${where}: not a link button`);
        return;
      }
      if ("custom_id" in button) problems.push(`${where}: custom_id`);
      problems.push(
        ...textProblems(button.label ?? "", {
          at: where,
          max: MAX_BUTTON_LABEL,
          multiline: false,
          markdown: false,
        }),
      );
      const allowed = button.label === "Project page" ? PROJECT_URL : OUR_URL;
      if (!(button.url.length <= MAX_BUTTON_URL && allowed.test(button.url)))
        problems.push(`${where}: url ${button.url}`);
    });
  });
  return problems;
}

/** `discordMessageProblems` over a whole rendering, which must hold at least one message. */
export function messagesProblems(messages: DiscordMessage[]): string[] {
  if (messages.length === 0) return ["no messages"];
  return messages.flatMap((message, index) =>
    discordMessageProblems(message).map((problem) => `message ${index}: ${problem}`),
  );
}

/** Every string Discord shows from a message: embed parts in order, then button labels. */
export function messageTexts(message: DiscordMessage): string[] {
  return [
    ...(message.content ? [message.content] : []),
    ...message.embeds.flatMap((embed) => [
      embed.author?.name ?? "",
      embed.title ?? "",
      embed.description ?? "",
      ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]),
      embed.footer?.text ?? "",
    ]),
    ...message.components.flatMap((row) =>
      row.components.map((button) => ("label" in button ? (button.label ?? "") : "")),
    ),
  ].filter(Boolean);
}

/** What a reader sees of escaped markdown: escapes consumed, zero-width spaces and look-alikes undone. */
export function visibleText(markdown: string): string {
  return markdown
    .replace(/\\([^0-9A-Za-z\s])/g, "$1")
    .replaceAll("\u200B", "")
    .replaceAll("\uFF3B", "[")
    .replaceAll("\uFF3D", "]")
    .replaceAll("\u02CB", "`");
}
