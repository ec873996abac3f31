import type { KnownBlock } from "@slack/types";
import {
  MAX_ACTION_ELEMENTS,
  MAX_ACTION_ID,
  MAX_ALT_TEXT,
  MAX_BLOCKS,
  MAX_BUTTON_TEXT,
  MAX_CONTEXT_ELEMENTS,
  MAX_FALLBACK_TEXT,
  MAX_FIELD_TEXT,
  MAX_FIELDS,
  MAX_HEADER_TEXT,
  MAX_SECTION_TEXT,
} from "../../adapters/slack/limits.ts";
import { LINK_ACTION_PREFIX, SHARE_ACTION_ID, type SlackMessage } from "../../adapters/slack/render.ts";

/** Hosts a rendered link or button may point to. */
export const OUR_HOSTS = ["arxiv.org", "huggingface.co", "github.com"];
const OUR_LINK = /<https:\/\/(?:arxiv\.org|huggingface\.co|github\.com)\/[A-Za-z0-9._/-]+\|[^<>]*>/g;
/** A project page, the one button to a host not ours: https, a plain host, characters `safeWebUrl` keeps. */
const PROJECT_URL =
  /^https:\/\/[a-z0-9.-]+(?:\/[A-Za-z0-9._~!$&'*+,;=:@%/-]*)?(?:\?[A-Za-z0-9._~!$&'*+,;=:@%/?-]*)?$/;
/** Hugging Face's CDN, the only place a thumbnail may come from. */
const HF_CDN_IMAGE = /^https:\/\/cdn-(?:thumbnails|uploads)\.huggingface\.co\/[A-Za-z0-9._~!$&'*+,;=:@%/-]+$/;
/** A share offer's token, as `ShareRepository` makes them. */
const SHARE_TOKEN = /^[A-Za-z0-9_-]{16}$/;
const BROADCAST = /@(?:everyone|here|channel)\b/i;
const BARE_AMPERSAND = /&(?!amp;|lt;|gt;)/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const KNOWN_TYPES = new Set(["header", "section", "context", "actions", "divider"]);

/** Slack-formatted text checked for anything that could ping, link or inject markup. */
function checkText(text: string, kind: "plain_text" | "mrkdwn", where: string, max: number): string[] {
  const problems: string[] = [];
  if (text.length < 1 || text.length > max) problems.push(`${where}: length ${text.length} not in 1..${max}`);
  const markup = kind === "mrkdwn" ? text.replace(OUR_LINK, "") : text;
  if (/[<>]/.test(markup)) problems.push(`${where}: raw < or > in ${JSON.stringify(text.slice(0, 80))}`);
  if (BARE_AMPERSAND.test(text))
    problems.push(`${where}: unescaped & in ${JSON.stringify(text.slice(0, 80))}`);
  if (BROADCAST.test(text)) problems.push(`${where}: broadcast word in ${JSON.stringify(text.slice(0, 80))}`);
  if (LONE_SURROGATE.test(text)) problems.push(`${where}: lone surrogate`);
  for (const match of text.matchAll(OUR_LINK)) {
    if (!OUR_HOSTS.includes(new URL(match[0].slice(1, match[0].indexOf("|"))).host)) {
      problems.push(`${where}: foreign link ${match[0]}`);
    }
  }
  return problems;
}

/** Every problem with a list of blocks: unknown types, broken limits, unsafe text, foreign URLs. */
export function blockProblems(blocks: KnownBlock[], maxBlocks = MAX_BLOCKS): string[] {
  const problems: string[] = [];
  if (blocks.length < 1 || blocks.length > maxBlocks) problems.push(`${blocks.length} blocks`);
  const actionIds = new Set<string>();
  blocks.forEach((block, index) => {
    const at = `block ${index} (${block.type})`;
    if (!KNOWN_TYPES.has(block.type)) problems.push(`${at}: unexpected type`);
    if (block.type === "header") {
      if (block.text.type !== "plain_text") problems.push(`${at}: header text must be plain_text`);
      problems.push(...checkText(block.text.text, "plain_text", at, MAX_HEADER_TEXT));
    }
    if (block.type === "section") {
      if (!block.text && !block.fields) problems.push(`${at}: empty section`);
      if (block.text) {
        if (block.text.type === "mrkdwn" && block.text.verbatim !== true)
          problems.push(`${at}: not verbatim`);
        problems.push(...checkText(block.text.text, block.text.type, at, MAX_SECTION_TEXT));
      }
      if (block.fields && block.fields.length > MAX_FIELDS) problems.push(`${at}: too many fields`);
      for (const field of block.fields ?? [])
        problems.push(...checkText(field.text, field.type, at, MAX_FIELD_TEXT));
      const accessory = block.accessory;
      if (accessory !== undefined) {
        if (accessory.type !== "image" || !("image_url" in accessory))
          problems.push(`${at}: unexpected accessory ${accessory.type}`);
        else {
          if (!HF_CDN_IMAGE.test(accessory.image_url ?? ""))
            problems.push(`${at}: image ${accessory.image_url}`);
          problems.push(...checkText(accessory.alt_text, "plain_text", `${at} alt_text`, MAX_ALT_TEXT));
        }
      }
    }
    if (block.type === "context") {
      const count = block.elements.length;
      if (count < 1 || count > MAX_CONTEXT_ELEMENTS) problems.push(`${at}: ${count} elements`);
      for (const element of block.elements) {
        if (element.type === "mrkdwn" || element.type === "plain_text") {
          problems.push(...checkText(element.text, element.type, at, MAX_SECTION_TEXT));
        } else problems.push(`${at}: unexpected ${element.type}`);
      }
    }
    if (block.type === "actions") {
      if (block.elements.length < 1 || block.elements.length > MAX_ACTION_ELEMENTS)
        problems.push(`${at}: count`);
      for (const element of block.elements) {
        if (element.type !== "button") {
          problems.push(`${at}: unexpected ${element.type}`);
          continue;
        }
        problems.push(...checkText(element.text.text, "plain_text", at, MAX_BUTTON_TEXT));
        if (element.action_id === SHARE_ACTION_ID) {
          // The one button that is not a link: "Share to channel", carrying only an offer's token.
          if (element.url !== undefined || !SHARE_TOKEN.test(element.value ?? ""))
            problems.push(`${at}: share button ${element.url ?? element.value}`);
          if (actionIds.has(SHARE_ACTION_ID)) problems.push(`${at}: duplicate action_id ${SHARE_ACTION_ID}`);
          actionIds.add(SHARE_ACTION_ID);
          continue;
        }
        const ours = element.url !== undefined && OUR_HOSTS.includes(new URL(element.url).host);
        const project = element.text.text === "Project page" && PROJECT_URL.test(element.url ?? "");
        if (!ours && !project) problems.push(`${at}: url ${element.url}`);
        const id = element.action_id ?? "";
        if (!id.startsWith(LINK_ACTION_PREFIX) || id.length > MAX_ACTION_ID)
          problems.push(`${at}: action_id ${id}`);
        if (actionIds.has(id)) problems.push(`${at}: duplicate action_id ${id}`);
        actionIds.add(id);
      }
    }
  });
  const json = JSON.stringify(blocks);
  for (const forbidden of ["<!", "<@", "<#", "<http:", "|click>"]) {
    if (json.includes(forbidden)) problems.push(`JSON contains ${forbidden}`);
  }
  return problems;
}

/** Every problem with rendered messages: their blocks and their escaped, bounded fallback text. */
export function messageProblems(messages: SlackMessage[]): string[] {
  if (messages.length === 0) return ["no messages"];
  return messages.flatMap((message, index) => [
    ...blockProblems(message.blocks).map((problem) => `message ${index}: ${problem}`),
    ...checkText(message.text, "plain_text", `message ${index} fallback`, MAX_FALLBACK_TEXT),
  ]);
}

/** Every text object's text in a list of blocks, in order. */
export function allTexts(blocks: KnownBlock[]): string[] {
  return blocks.flatMap((block) => {
    if (block.type === "header") return [block.text.text];
    if (block.type === "section") return [block.text?.text ?? "", ...(block.fields ?? []).map((f) => f.text)];
    if (block.type === "context") return block.elements.map((e) => ("text" in e ? e.text : ""));
    if (block.type === "actions") return block.elements.map((e) => (e.type === "button" ? e.text.text : ""));
    return [];
  });
}
