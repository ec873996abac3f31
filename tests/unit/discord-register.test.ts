import { describe, expect, it } from "vitest";
import { buildCommands, commandProblems, inviteUrl } from "../../adapters/discord/register.ts";
import { commands } from "../../commands/index.ts";

const [papers] = buildCommands(commands);
const subcommand = (name: string) =>
  papers?.options?.find((option) => option.name === name) as
    | { name: string; description: string; options?: Record<string, unknown>[] }
    | undefined;

describe("the Discord /papers command payload", () => {
  it("follows Discord's rules: lowercase names ≤ 32, descriptions ≤ 100, ≤ 25 options, required first", () => {
    expect(commandProblems(buildCommands(commands))).toEqual([]);
  });

  it("has one subcommand per command, with the same option names the commands validate", () => {
    expect(papers?.name).toBe("papers");
    expect(papers?.options?.map((option) => option.name)).toEqual(commands.map((command) => command.name));
    for (const command of commands) {
      const names = (subcommand(command.name)?.options ?? []).map((option) => option.name);
      expect(names.sort()).toEqual(command.options.map((option) => option.name).sort());
    }
  });

  it("offers the top period as a choice list and the topic query with autocomplete", () => {
    const period = subcommand("top")?.options?.[0];
    expect(period).toMatchObject({
      name: "period",
      required: false,
      choices: [
        { name: "day", value: "day" },
        { name: "week", value: "week" },
        { name: "month", value: "month" },
      ],
    });
    expect(subcommand("topic")?.options?.[0]).toMatchObject({
      name: "query",
      required: true,
      autocomplete: true,
    });
    expect(subcommand("schedule")?.options?.map((option) => option.name)).toEqual([
      "time",
      "timezone",
      "days",
    ]);
  });

  it("offers the three digest layouts as choices", () => {
    expect(subcommand("layout")?.options?.[0]).toMatchObject({
      name: "style",
      required: true,
      choices: ["messages", "thread", "compact"].map((style) => ({ name: style, value: style })),
    });
    expect(subcommand("layout")?.description).toBe(
      "(admins) Post the digest as messages (one per paper), a thread (replies to a header) or compact.",
    );
  });

  it("marks settings subcommands for admins and is usable in servers only", () => {
    expect(subcommand("schedule")?.description).toMatch(/^\(admins\) /);
    expect(subcommand("today")?.description).not.toMatch(/admins/);
    expect(papers?.contexts).toEqual([0]);
  });

  it("catches payloads Discord would refuse", () => {
    const broken = buildCommands(commands).map((command) => ({
      ...command,
      name: "Papers",
      description: "x".repeat(101),
      options: [
        ...(command.options ?? []),
        ...Array.from({ length: 20 }, (_, index) => ({
          type: 1 as const,
          name: `extra-${index}`,
          description: "more",
        })),
      ],
    }));
    const problems = commandProblems(broken);
    expect(problems).toContain("/Papers: name must be lowercase, 1-32 characters");
    expect(problems).toContain("/Papers: description must be 1-100 characters");
    expect(problems).toContain("/Papers: more than 25 options");
    const optionalFirst = buildCommands(commands);
    const topic = optionalFirst[0]?.options?.find((option) => option.name === "topic") as {
      options: { required?: boolean }[];
    };
    topic.options.unshift({ ...topic.options[0], required: false });
    expect(commandProblems(optionalFirst)).toContain(
      "/papers › topic: required options must come before optional ones",
    );
  });

  it("builds the invite link with the bot and commands scopes and only the permissions it needs", () => {
    const url = new URL(inviteUrl("123456789012345678"));
    expect(url.searchParams.get("client_id")).toBe("123456789012345678");
    expect(url.searchParams.get("scope")).toBe("bot applications.commands");
    // View Channel, Send Messages, Embed Links, Add Reactions, Read Message History, Create Public Threads,
    // Send Messages in Threads.
    expect(url.searchParams.get("permissions")).toBe(
      String(1024 + 2048 + 16384 + 64 + 65536 + 2 ** 35 + 2 ** 38),
    );
  });
});
