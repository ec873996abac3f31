// Cuts the part of Discord's OpenAPI spec (github.com/discord/discord-api-spec, specs/openapi.json) that
// paperboy talks to: the operations below with their parameters and JSON request bodies, plus every schema
// they reference, directly or not. The fake Discord validates each request the tests send against it
// (tests/helpers/discord-spec.ts). To refresh, from a clone of discord-api-spec:
//
//   node --import tsx scripts/vendor-discord-spec.ts path/to/openapi.json "$(git rev-parse HEAD)"
//
// The subset is written to tests/fixtures/specs/discord-openapi-subset.json unless a third argument names
// another file.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Every operation the fake Discord serves, by Discord's operationId: what discord.js calls for paperboy
 * (log-in, channel and message reads, posts, threads started from a message, edits, deletions,
 * reactions, DMs, interaction answers and command registration).
 */
export const DISCORD_OPERATIONS = [
  "get_gateway",
  "get_bot_gateway",
  "get_my_user",
  "get_my_application",
  "get_guild",
  "list_guild_channels",
  "get_channel",
  "create_dm",
  "list_messages",
  "create_message",
  "create_thread_from_message",
  "get_message",
  "update_message",
  "delete_message",
  "list_message_reactions_by_emoji",
  "add_my_message_reaction",
  "delete_my_message_reaction",
  "delete_user_message_reaction",
  "create_interaction_response",
  "execute_webhook",
  "get_original_webhook_message",
  "update_original_webhook_message",
  "delete_original_webhook_message",
  "get_webhook_message",
  "update_webhook_message",
  "delete_webhook_message",
  "list_application_commands",
  "bulk_set_application_commands",
  "create_application_command",
  "list_guild_application_commands",
  "bulk_set_guild_application_commands",
  "create_guild_application_command",
] as const;

const METHODS = ["get", "put", "post", "patch", "delete"] as const;
const SCHEMA_REF = "#/components/schemas/";

type Json = Record<string, unknown>;

/** A minimal view of an OpenAPI 3.1 document, as far as the cut reads it. */
interface OpenApi {
  openapi: string;
  info: Json;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}

/** Where the vendored subset came from, recorded in its `x-vendored` header. */
export interface VendorSource {
  repository: string;
  path: string;
  commit: string;
}

/** Names of the component schemas `value` references, followed through the referenced schemas. */
function referencedSchemas(value: unknown, schemas: Record<string, unknown>, found = new Set<string>()) {
  if (Array.isArray(value)) {
    for (const item of value) referencedSchemas(item, schemas, found);
  } else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string" && inner.startsWith(SCHEMA_REF)) {
        const name = inner.slice(SCHEMA_REF.length);
        if (!(name in schemas)) throw new Error(`vendor-discord-spec: ${inner} is not in the spec`);
        if (!found.has(name)) {
          found.add(name);
          referencedSchemas(schemas[name], schemas, found);
        }
      } else referencedSchemas(inner, schemas, found);
    }
  }
  return found;
}

/**
 * The subset of `spec` for `operationIds`: each operation keeps its operationId, its path and query
 * parameters and its `application/json` request body (the body discord.js sends, also as `payload_json`);
 * responses and security are dropped. Throws when an operation is missing, so a rename upstream is noticed.
 */
export function cutDiscordSpec(
  spec: OpenApi,
  source: VendorSource,
  operationIds: readonly string[] = DISCORD_OPERATIONS,
): Json {
  const paths: Record<string, Json> = {};
  const wanted = new Set(operationIds);
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation || !wanted.has(String(operation.operationId))) continue;
      wanted.delete(String(operation.operationId));
      const parameters = [
        ...((item.parameters as unknown[]) ?? []),
        ...((operation.parameters as unknown[]) ?? []),
      ];
      const body = operation.requestBody as
        | { required?: boolean; content: Record<string, unknown> }
        | undefined;
      const jsonBody = body?.content["application/json"];
      paths[path] = {
        ...paths[path],
        [method]: {
          operationId: operation.operationId,
          ...(parameters.length > 0 ? { parameters } : {}),
          ...(jsonBody
            ? {
                requestBody: { required: body?.required ?? false, content: { "application/json": jsonBody } },
              }
            : {}),
        },
      };
    }
  }
  if (wanted.size > 0) throw new Error(`vendor-discord-spec: not in the spec: ${[...wanted].join(", ")}`);
  const names = [...referencedSchemas(paths, spec.components.schemas)].sort();
  return {
    "x-vendored": {
      ...source,
      note: "Cut by scripts/vendor-discord-spec.ts: only the operations paperboy uses and the schemas they reference.",
    },
    openapi: spec.openapi,
    info: spec.info,
    paths,
    components: { schemas: Object.fromEntries(names.map((name) => [name, spec.components.schemas[name]])) },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [input, commit, output] = process.argv.slice(2);
  if (!input || !/^[0-9a-f]{40}$/.test(commit ?? "")) {
    process.stderr.write("usage: vendor-discord-spec.ts <openapi.json> <40-hex commit> [output.json]\n");
    process.exit(2);
  }
  const spec = JSON.parse(readFileSync(input, "utf8")) as OpenApi;
  const subset = cutDiscordSpec(spec, {
    repository: "https://github.com/discord/discord-api-spec",
    path: "specs/openapi.json",
    commit: commit!,
  });
  const target =
    output ?? fileURLToPath(new URL("../tests/fixtures/specs/discord-openapi-subset.json", import.meta.url));
  writeFileSync(target, `${JSON.stringify(subset, null, 2)}\n`);
  const count = Object.keys((subset.components as { schemas: Json }).schemas).length;
  process.stderr.write(`vendor-discord-spec: wrote ${target} (${count} schemas)\n`);
}
