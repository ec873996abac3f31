import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as limits from "../../adapters/discord/limits.ts";
import { buildCommands, COMMAND_RULES } from "../../adapters/discord/register.ts";
import { commands } from "../../commands/index.ts";
import { cutDiscordSpec, DISCORD_OPERATIONS } from "../../scripts/vendor-discord-spec.ts";
import { DEFAULT_APPLICATION_ID, DEFAULT_CHANNEL_ID } from "../helpers/discord-payloads.ts";
import { checkDiscordRequest, DISCORD_SPEC_COMMIT, discordSpec } from "../helpers/discord-spec.ts";
import { type FakeDiscord, startFakeDiscord } from "../helpers/fake-discord.ts";

describe("the fake Discord checks every request against Discord's OpenAPI spec", () => {
  let fake: FakeDiscord;
  beforeEach(async () => {
    fake = await startFakeDiscord();
  });
  afterEach(async () => {
    fake.specViolations.splice(0);
    await fake.close();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${fake.apiUrl}/v10${path}`, {
      method: "POST",
      headers: { authorization: `Bot ${fake.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const errorsOf = async (response: Response) => ((await response.json()) as { errors?: unknown }).errors;

  it("answers a body the spec refuses with 400 50035 Invalid Form Body, at the offending field", async () => {
    const response = await post(`/channels/${DEFAULT_CHANNEL_ID}/messages`, { embeds: [{ title: 42 }] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: number; message: string; errors: unknown };
    expect(body).toMatchObject({ code: 50035, message: "Invalid Form Body" });
    expect(body.errors).toMatchObject({ embeds: { 0: { title: { _errors: [{ code: "SCHEMA_TYPE" }] } } } });
    expect(fake.messages(DEFAULT_CHANNEL_ID)).toEqual([]);
    expect(fake.specViolations).toMatchObject([
      { method: "POST", operationId: "create_message", problems: [{ path: ["embeds", 0, "title"] }] },
    ]);
  });

  it("refuses too many embeds, a colour out of range, an over-long button label and a non-snowflake id", async () => {
    const embeds = Array.from({ length: 11 }, (_, index) => ({ title: `embed ${index}` }));
    expect(await errorsOf(await post(`/channels/${DEFAULT_CHANNEL_ID}/messages`, { embeds }))).toMatchObject({
      embeds: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] },
    });
    const color = { embeds: [{ title: "x", color: 0x1000000 }] };
    expect(await errorsOf(await post(`/channels/${DEFAULT_CHANNEL_ID}/messages`, color))).toMatchObject({
      embeds: { 0: { color: { _errors: [{ code: "NUMBER_TYPE_MAX" }] } } },
    });
    const button = { type: 2, style: 5, label: "x".repeat(81), url: "https://arxiv.org/abs/1" };
    const row = { content: "x", components: [{ type: 1, components: [button] }] };
    expect(await errorsOf(await post(`/channels/${DEFAULT_CHANNEL_ID}/messages`, row))).toMatchObject({
      components: { 0: { components: { 0: { label: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } } } } },
    });
    expect((await post("/channels/general/messages", { content: "x" })).status).toBe(400);
    expect(fake.specViolations.map((violation) => violation.operationId)).toEqual([
      "create_message",
      "create_message",
      "create_message",
      "create_message",
    ]);
  });

  it("holds interaction answers and webhooks to their own limits: content 2000, 25 choices", () => {
    const callback = (body: unknown) =>
      checkDiscordRequest({ method: "POST", path: "/interactions/1/token/callback", query: {}, body });
    expect(callback({ type: 4, data: { content: "x".repeat(2000) } }).problems).toEqual([]);
    expect(callback({ type: 4, data: { content: "x".repeat(2001) } }).problems).toContainEqual(
      expect.objectContaining({ path: ["data", "content"], code: "BASE_TYPE_MAX_LENGTH" }),
    );
    const choices = Array.from({ length: 26 }, (_, index) => ({ name: `c${index}`, value: `c${index}` }));
    expect(callback({ type: 8, data: { choices } }).problems).toContainEqual(
      expect.objectContaining({ path: ["data", "choices"], code: "BASE_TYPE_MAX_LENGTH" }),
    );
    const followup = checkDiscordRequest({
      method: "POST",
      path: `/webhooks/${DEFAULT_APPLICATION_ID}/token`,
      query: { wait: "yes" },
      body: { content: "ok" },
    });
    expect(followup).toMatchObject({
      operationId: "execute_webhook",
      problems: [{ path: ["query", "wait"] }],
    });
    expect(
      checkDiscordRequest({ method: "POST", path: "/channels/1/pins", query: {}, body: {} }),
    ).toMatchObject({ problems: [{ code: "UNKNOWN_OPERATION" }] });
  });

  it("fails the test at close while a refused request is left unexamined", async () => {
    const other = await startFakeDiscord();
    await fetch(`${other.apiUrl}/v10/channels/${DEFAULT_CHANNEL_ID}/messages`, {
      method: "POST",
      headers: { authorization: `Bot ${other.token}`, "content-type": "application/json" },
      body: JSON.stringify({ content: "x", tts: "yes" }),
    });
    await expect(other.close()).rejects.toThrow(/POST \/channels\/\d+\/messages \(create_message\): tts/);
  });
});

describe("the vendored subset of Discord's spec", () => {
  it("records its source and is exactly what the vendoring script cuts", () => {
    expect(discordSpec["x-vendored"]).toMatchObject({
      repository: "https://github.com/discord/discord-api-spec",
      path: "specs/openapi.json",
    });
    expect(DISCORD_SPEC_COMMIT).toMatch(/^[0-9a-f]{40}$/);
    const source = discordSpec["x-vendored"];
    const again = cutDiscordSpec(discordSpec as never, source);
    expect(again.paths).toEqual(discordSpec.paths);
    expect(again.components).toEqual(discordSpec.components);
    const operationIds = Object.values(discordSpec.paths).flatMap((item) =>
      Object.values(item).map((operation) => operation.operationId),
    );
    expect(operationIds.sort()).toEqual([...DISCORD_OPERATIONS].sort());
  });

  it("accepts paperboy's command registration", () => {
    const verdict = checkDiscordRequest({
      method: "PUT",
      path: `/applications/${DEFAULT_APPLICATION_ID}/commands`,
      query: {},
      body: buildCommands(commands),
    });
    expect(verdict).toEqual({ operationId: "bulk_set_application_commands", problems: [] });
  });

  it("allows at least what paperboy's own limits allow (they may be stricter)", () => {
    const schemas = discordSpec.components.schemas;
    const max = (schema: string, property: string, key: "maxLength" | "maxItems" = "maxLength") =>
      (schemas[schema] as { properties: Record<string, Record<string, number>> }).properties[property]?.[key];
    const contentLimits = ["MessageCreateRequest", "IncomingWebhookInteractionRequest"].map(
      (schema) => max(schema, "content") ?? 0,
    );
    expect(limits.MAX_CONTENT).toBeLessThanOrEqual(Math.min(...contentLimits));
    expect(limits.MAX_EMBEDS).toBeLessThanOrEqual(max("MessageCreateRequest", "embeds", "maxItems")!);
    expect(limits.MAX_ACTION_ROWS).toBeLessThanOrEqual(
      max("MessageCreateRequest", "components", "maxItems")!,
    );
    expect(limits.MAX_EMBED_TITLE).toBeLessThanOrEqual(max("RichEmbed", "title")!);
    expect(limits.MAX_EMBED_DESCRIPTION).toBeLessThanOrEqual(max("RichEmbed", "description")!);
    expect(limits.MAX_EMBED_FIELDS).toBeLessThanOrEqual(max("RichEmbed", "fields", "maxItems")!);
    expect(limits.MAX_FIELD_NAME).toBeLessThanOrEqual(max("RichEmbedField", "name")!);
    expect(limits.MAX_FIELD_VALUE).toBeLessThanOrEqual(max("RichEmbedField", "value")!);
    expect(limits.MAX_FOOTER_TEXT).toBeLessThanOrEqual(max("RichEmbedFooter", "text")!);
    expect(limits.MAX_AUTHOR_NAME).toBeLessThanOrEqual(max("RichEmbedAuthor", "name")!);
    const row = "ActionRowComponentForMessageRequest";
    expect(limits.MAX_ROW_BUTTONS).toBeLessThanOrEqual(max(row, "components", "maxItems")!);
    expect(limits.MAX_BUTTON_LABEL).toBeLessThanOrEqual(max("ButtonComponentForMessageRequest", "label")!);
    expect(limits.MAX_BUTTON_URL).toBeLessThanOrEqual(max("ButtonComponentForMessageRequest", "url")!);
    expect(COMMAND_RULES.maxDescription).toBeLessThanOrEqual(
      max("ApplicationCommandUpdateRequest", "description")!,
    );
    expect(COMMAND_RULES.maxOptions).toBeLessThanOrEqual(
      max("ApplicationCommandUpdateRequest", "options", "maxItems")!,
    );
    expect(COMMAND_RULES.maxChoices).toBeLessThanOrEqual(
      max("ApplicationCommandStringOption", "choices", "maxItems")!,
    );
    expect(COMMAND_RULES.maxChoiceName).toBeLessThanOrEqual(
      max("ApplicationCommandOptionStringChoice", "name")!,
    );
    expect(COMMAND_RULES.maxChoiceValue).toBeLessThanOrEqual(
      max("ApplicationCommandOptionStringChoice", "value")!,
    );
  });
});
