/**
 * The Block Kit limits Slack's own SDK enforces, as an independent check on what paperboy sends (paperboy's
 * `adapters/slack/limits.ts` is what the renderer believes; this is what Slack's model classes say).
 * Every number is read from the `@JsonValidator` methods of github.com/slackapi/python-slack-sdk at commit
 * ae87985e2c3811ead978f31ea5a1e4a7ca5c3515, cited per limit as `file:line` under `slack_sdk/models/`. The two
 * limits the SDK documents but does not validate (a section field's 2,000 characters, a message's 50 blocks)
 * come from Slack's Block Kit reference and say so. Lengths are counted in code points, as Python's `len`.
 * Paperboy-specific rules (our hosts, escaping, no pings) live in `slack-invariants.ts`.
 */

/** The SDK commit the limits below were read from. */
export const SLACK_SDK_COMMIT = "ae87985e2c3811ead978f31ea5a1e4a7ca5c3515";

/** The limits, by the SDK class that enforces them. */
export const SLACK_SDK_LIMITS = {
  /** blocks/blocks.py:34,60 `Block.block_id_max_length`. */
  blockId: 255,
  /** blocks/blocks.py:131,201 `SectionBlock.text_max_length`. */
  sectionText: 3000,
  /** blocks/blocks.py:130,197 `SectionBlock.fields_max_length`. */
  sectionFields: 10,
  /** Not validated by the SDK; its docstring (blocks/blocks.py:163) and Slack's section reference say 2000. */
  sectionFieldText: 2000,
  /** blocks/blocks.py:236,289 `ImageBlock.image_url_max_length` (also ImageElement, block_elements.py:588,620). */
  imageUrl: 3000,
  /** blocks/blocks.py:237,293 `ImageBlock.alt_text_max_length` (also ImageElement, block_elements.py:589,624). */
  imageAltText: 2000,
  /** blocks/blocks.py:238,297 `ImageBlock.title_max_length`. */
  imageTitle: 2000,
  /** blocks/blocks.py:304,335 `ActionsBlock.elements_max_length`. */
  actionsElements: 25,
  /** blocks/blocks.py:342,370 `ContextBlock.elements_max_length`. */
  contextElements: 10,
  /** blocks/blocks.py:544,577 `HeaderBlock.text_max_length`. */
  headerText: 150,
  /** blocks/blocks.py:584,616 `MarkdownBlock.text_max_length`. */
  markdownText: 12000,
  /** blocks/blocks.py:416,464 and 417,468 `InputBlock.label_max_length` / `hint_max_length`. */
  inputLabel: 2000,
  /** blocks/block_elements.py:101,129 `InteractiveElement.action_id_max_length`. */
  actionId: 255,
  /** blocks/block_elements.py:136,171 `InputInteractiveElement.placeholder_max_length`. */
  placeholder: 150,
  /** blocks/block_elements.py:187,247 `ButtonElement.text_max_length` (also its accessibility_label, :263). */
  buttonText: 75,
  /** blocks/block_elements.py:188,251 `ButtonElement.url_max_length`. */
  buttonUrl: 3000,
  /** blocks/block_elements.py:189,255 `ButtonElement.value_max_length`. */
  buttonValue: 2000,
  /** blocks/block_elements.py:690,745 `StaticSelectElement.options_max_length` (and the other selects). */
  selectOptions: 100,
  /** blocks/basic_components.py:203,280 `Option.label_max_length`. */
  optionText: 75,
  /** blocks/basic_components.py:204,288 `Option.value_max_length`. */
  optionValue: 150,
  /** blocks/basic_components.py:431-434,476-490 `ConfirmObject` title/text/confirm/deny. */
  confirm: { title: 100, text: 300, confirm: 30, deny: 30 },
  /** Not in the SDK (its `Message` model checks no block count); Slack's blocks reference: 50 per message. */
  messageBlocks: 50,
  /** views/__init__.py:84,98 `View.blocks_max_length`: a view holds 1 to 100 blocks. */
  viewBlocks: 100,
  /** views/__init__.py:83,94 `View.title_max_length`: 1 to 24 characters. */
  viewTitle: 24,
  /** views/__init__.py:85-86,106-112 `View.close_max_length` / `submit_max_length`. */
  viewButton: 24,
  /** views/__init__.py:87,114 `View.private_metadata_max_length`. */
  viewPrivateMetadata: 3000,
  /** views/__init__.py:88,118 `View.callback_id_max_length`. */
  viewCallbackId: 255,
} as const;

const L = SLACK_SDK_LIMITS;
/** blocks/block_elements.py:259 `@EnumValidator("style", ButtonStyles)`, blocks/basic_components.py:10. */
const BUTTON_STYLES = new Set(["primary", "danger"]);
/** views/__init__.py:90 `View.type`. */
const VIEW_TYPES = new Set(["modal", "home", "workflow_step"]);
/** Elements with a placeholder (`InputInteractiveElement` subclasses). */
const SELECTS =
  /^(?:static|external|users|conversations|channels|multi_\w+)_select$|_input$|^(?:datepicker|timepicker|datetimepicker|checkboxes|radio_buttons)$/;

type Json = Record<string, unknown>;
const record = (value: unknown): Json =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
/** Characters as Python's `len` counts them: code points. */
const length = (value: unknown): number => (typeof value === "string" ? [...value].length : 0);
/** A text object's text (or a plain string where the SDK accepts one). */
const textOf = (value: unknown): unknown => (typeof value === "string" ? value : record(value).text);

/** Collects "where: what" problems. */
class Problems {
  readonly found: string[] = [];
  max(where: string, value: unknown, limit: number, what = "characters"): void {
    const size = Array.isArray(value) ? value.length : length(value);
    if (size > limit) this.found.push(`${where}: ${size} ${what}, over ${limit}`);
  }
  say(where: string, problem: string): void {
    this.found.push(`${where}: ${problem}`);
  }
}

function confirmProblems(raw: unknown, at: string, problems: Problems): void {
  if (raw === undefined) return;
  const confirm = record(raw);
  for (const key of ["title", "text", "confirm", "deny"] as const) {
    problems.max(`${at}.${key}`, textOf(confirm[key]), L.confirm[key]);
  }
}

function elementProblems(raw: unknown, at: string, problems: Problems): void {
  const element = record(raw);
  const type = String(element.type);
  if ("action_id" in element) problems.max(`${at}.action_id`, element.action_id, L.actionId);
  if (type === "button") {
    problems.max(`${at}.text`, textOf(element.text), L.buttonText);
    problems.max(`${at}.url`, element.url, L.buttonUrl);
    problems.max(`${at}.value`, element.value, L.buttonValue);
    problems.max(`${at}.accessibility_label`, element.accessibility_label, L.buttonText);
    if (element.style !== undefined && !BUTTON_STYLES.has(String(element.style)))
      problems.say(`${at}.style`, `${JSON.stringify(element.style)} is not primary or danger`);
  }
  if (type === "image") {
    problems.max(`${at}.image_url`, element.image_url, L.imageUrl);
    problems.max(`${at}.alt_text`, element.alt_text, L.imageAltText);
  }
  if (SELECTS.test(type)) {
    problems.max(`${at}.placeholder`, textOf(element.placeholder), L.placeholder);
    problems.max(`${at}.options`, list(element.options), L.selectOptions, "options");
    for (const [index, option] of list(element.options).entries()) {
      problems.max(`${at}.options[${index}].text`, textOf(record(option).text), L.optionText);
      problems.max(`${at}.options[${index}].value`, record(option).value, L.optionValue);
    }
  }
  confirmProblems(element.confirm, `${at}.confirm`, problems);
}

function blockProblems(raw: unknown, at: string, problems: Problems): void {
  const block = record(raw);
  problems.max(`${at}.block_id`, block.block_id, L.blockId);
  switch (block.type) {
    case "section": {
      // blocks/blocks.py:193 "text or fields attribute must be specified".
      if (block.text === undefined && list(block.fields).length === 0)
        problems.say(at, "neither text nor fields");
      problems.max(`${at}.text`, textOf(block.text), L.sectionText);
      problems.max(`${at}.fields`, list(block.fields), L.sectionFields, "fields");
      for (const [index, field] of list(block.fields).entries()) {
        problems.max(`${at}.fields[${index}]`, textOf(field), L.sectionFieldText);
      }
      if (block.accessory !== undefined) elementProblems(block.accessory, `${at}.accessory`, problems);
      break;
    }
    case "header":
      // blocks/blocks.py:573 "text attribute must be specified".
      if (block.text === undefined) problems.say(at, "no text");
      problems.max(`${at}.text`, textOf(block.text), L.headerText);
      break;
    case "markdown":
      problems.max(`${at}.text`, block.text, L.markdownText);
      break;
    case "image":
      problems.max(`${at}.image_url`, block.image_url, L.imageUrl);
      problems.max(`${at}.alt_text`, block.alt_text, L.imageAltText);
      problems.max(`${at}.title`, textOf(block.title), L.imageTitle);
      break;
    case "actions":
      problems.max(`${at}.elements`, list(block.elements), L.actionsElements, "elements");
      for (const [index, element] of list(block.elements).entries()) {
        elementProblems(element, `${at}.elements[${index}]`, problems);
      }
      break;
    case "context":
      problems.max(`${at}.elements`, list(block.elements), L.contextElements, "elements");
      for (const [index, element] of list(block.elements).entries()) {
        elementProblems(element, `${at}.elements[${index}]`, problems);
      }
      break;
    case "input":
      problems.max(`${at}.label`, textOf(block.label), L.inputLabel);
      problems.max(`${at}.hint`, textOf(block.hint), L.inputLabel);
      if (block.element !== undefined) elementProblems(block.element, `${at}.element`, problems);
      break;
  }
}

/** Every limit a message's blocks break (at most {@link SLACK_SDK_LIMITS.messageBlocks} blocks). */
export function slackBlockLimitProblems(blocks: unknown, maxBlocks: number = L.messageBlocks): string[] {
  const problems = new Problems();
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ["blocks: not a list"];
  problems.max("blocks", blocks, maxBlocks, "blocks");
  for (const [index, block] of blocks.entries()) {
    blockProblems(block, `blocks[${index}](${record(block).type})`, problems);
  }
  return problems.found;
}

/** Every limit a view (`views.publish`, `views.open`) breaks: its own fields and its 1–100 blocks. */
export function slackViewLimitProblems(raw: unknown): string[] {
  const view = record(raw);
  const problems = new Problems();
  if (!VIEW_TYPES.has(String(view.type)))
    problems.say("view.type", `${JSON.stringify(view.type)} is not modal, home or workflow_step`);
  if (view.title !== undefined && !(length(textOf(view.title)) >= 1)) problems.say("view.title", "empty");
  problems.max("view.title", textOf(view.title), L.viewTitle);
  problems.max("view.close", textOf(view.close), L.viewButton);
  problems.max("view.submit", textOf(view.submit), L.viewButton);
  problems.max("view.private_metadata", view.private_metadata, L.viewPrivateMetadata);
  problems.max("view.callback_id", view.callback_id, L.viewCallbackId);
  // views/__init__.py:102 "home view cannot have submit and close".
  if (view.type === "home" && (view.submit !== undefined || view.close !== undefined))
    problems.say("view", "a home view has no submit or close");
  if (list(view.blocks).length === 0) problems.say("view.blocks", "no blocks");
  return [...problems.found, ...slackBlockLimitProblems(view.blocks, L.viewBlocks).map((p) => `view.${p}`)];
}
