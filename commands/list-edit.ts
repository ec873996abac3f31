import { z } from "zod";
import { type Command, type CommandContext, type CommandOption, defineCommand } from "../src/chat/command.ts";
import type { Reply } from "../src/chat/reply.ts";
import { UserFacingError } from "../src/errors.ts";
import { authorMatches, orgKey } from "../src/papers/person-name.ts";
import { shortText } from "./args.ts";
import { changeSettings, includesFolded, MAX_LIST_ITEMS, withoutFolded } from "./settings-change.ts";

/** The channel settings that are lists of names or words. */
export type EditableList = "followedTopics" | "followedAuthors" | "followedOrgs" | "mutedWords";

/** How two entries of a list are compared: people by name (`Y. LeCun` is `Yann LeCun`), the rest folded. */
const SAME: Partial<Record<EditableList, (a: string, b: string) => boolean>> = {
  followedAuthors: (a, b) => authorMatches(a, b) && authorMatches(b, a),
  followedOrgs: (a, b) => orgKey(a) === orgKey(b),
};

const holds = (list: EditableList, entries: readonly string[], item: string): boolean => {
  const same = SAME[list];
  return same ? entries.some((entry) => same(entry, item)) : includesFolded(entries, item);
};

const without = (list: EditableList, entries: readonly string[], item: string): string[] => {
  const same = SAME[list];
  return same ? entries.filter((entry) => !same(entry, item)) : withoutFolded(entries, item);
};

/** What every list-editing command declares: its help, its one option and the list it edits. */
interface ListEditBase {
  name: string;
  summary: string;
  usage: string;
  /** The channel setting edited: followed topics, authors or organizations, or muted words. */
  list: EditableList;
  /** The one required option, named for what it holds ("topic", "word"); the name is also used in errors. */
  option: Omit<CommandOption, "required">;
  /** Longest item accepted, in characters. */
  maxLength: number;
  /** The answer once the list has changed. */
  done: (item: string) => string;
}

/** Adds the item unless the list already holds it (compared folded) or is full. */
export interface AddSpec extends ListEditBase {
  action: "add";
  already: (item: string) => string;
  full: (max: number) => string;
}

/** Removes the item; refuses when the list does not hold it. */
export interface RemoveSpec extends ListEditBase {
  action: "remove";
  missing: (item: string, list: readonly string[]) => string;
}

/** How one list-editing command behaves and speaks. */
export type ListEditSpec = AddSpec | RemoveSpec;

/**
 * Declares a channel-admin command that adds an item to, or removes one from, a channel's list setting
 * (follow, unfollow, mute, unmute): one definition of the editing, each command keeping its own wording.
 */
export function listEditCommand(spec: ListEditSpec): Command<Record<string, string>> {
  const { name: key, description, ...extra } = spec.option;
  return defineCommand({
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    admin: true,
    private: false,
    options: [{ name: key, description, required: true, ...extra }],
    args: z.object({ [key]: shortText(key, spec.maxLength) }),
    fromText: (text) => ({ [key]: text }),
    run: (context, args) => {
      const item = args[key] ?? "";
      return spec.action === "add" ? addItem(spec, item, context) : removeItem(spec, item, context);
    },
  });
}

/** Adds `item` to the list `spec` edits, answering in the spec's words. */
export async function addItem(
  spec: Omit<AddSpec, "name" | "summary" | "usage" | "option" | "maxLength">,
  item: string,
  context: CommandContext,
): Promise<Reply> {
  let already = false;
  await changeSettings(context, (settings) => {
    const list = settings[spec.list] ?? [];
    already = holds(spec.list, list, item);
    if (already) return settings;
    if (list.length >= MAX_LIST_ITEMS) throw new UserFacingError(spec.full(MAX_LIST_ITEMS));
    return { ...settings, [spec.list]: [...list, item] };
  });
  return already
    ? { kind: "message", tone: "info", text: spec.already(item) }
    : { kind: "message", tone: "success", text: spec.done(item) };
}

/** Removes `item` from the list `spec` edits, answering in the spec's words. */
export async function removeItem(
  spec: Omit<RemoveSpec, "name" | "summary" | "usage" | "option" | "maxLength">,
  item: string,
  context: CommandContext,
): Promise<Reply> {
  await changeSettings(context, (settings) => {
    const list = settings[spec.list] ?? [];
    if (!holds(spec.list, list, item)) throw new UserFacingError(spec.missing(item, list));
    return { ...settings, [spec.list]: without(spec.list, list, item) };
  });
  return { kind: "message", tone: "success", text: spec.done(item) };
}
