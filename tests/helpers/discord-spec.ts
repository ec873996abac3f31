/**
 * Checks a request against Discord's own OpenAPI spec (the operations paperboy uses, vendored with their
 * commit in `tests/fixtures/specs/discord-openapi-subset.json` by `scripts/vendor-discord-spec.ts`): the
 * method and path must name an operation of the spec, path and query parameters must fit it, and the JSON
 * body must validate against its request schema. The fake Discord runs this on every request it serves.
 */
import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { FormError } from "./fake-discord-api.ts";

const SPEC_FILE = new URL("../fixtures/specs/discord-openapi-subset.json", import.meta.url);
const SPEC_ID = "discord-openapi";

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: unknown;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: { "application/json": { schema: unknown } } };
}

interface Spec {
  "x-vendored": { repository: string; path: string; commit: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

/** The vendored subset of Discord's spec, as committed. */
export const discordSpec: Spec = JSON.parse(readFileSync(SPEC_FILE, "utf8")) as Spec;

/** The commit of discord/discord-api-spec the subset was cut from. */
export const DISCORD_SPEC_COMMIT = discordSpec["x-vendored"].commit;

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/**
 * The spec is OpenAPI 3.1, whose schemas are JSON Schema 2020-12, so ajv's 2020 dialect reads them as they
 * are, in strict mode. Loosened, only as far as compiling needs:
 * - `openapi`, `info`, `paths` and `components` are declared as annotation keywords, so the document itself
 *   can be the root schema and its `#/components/schemas/…` references resolve unchanged;
 * - `x-discord-union` (Discord's note that an `anyOf` is meant as `oneOf` whose branches overlap) is an
 *   annotation: the `anyOf` is validated as written, as turning it into `oneOf` would refuse valid bodies;
 * - the formats Discord made up get their meaning from the spec: `snowflake` is the pattern its
 *   `SnowflakeType` already states, and `nonce` has no rule beyond the `maxLength` next to it.
 * Lengths are counted in code points (ajv's default).
 */
function createAjv(coerceTypes: boolean): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, coerceTypes });
  addFormats(ajv);
  ajv.addFormat("snowflake", /^(0|[1-9][0-9]*)$/);
  ajv.addFormat("nonce", true);
  for (const keyword of ["openapi", "info", "paths", "components", "x-discord-union"])
    ajv.addKeyword(keyword);
  const { "x-vendored": _source, ...document } = discordSpec;
  ajv.addSchema({ $id: SPEC_ID, ...document });
  return ajv;
}

/** Bodies are JSON and validated as sent; path and query values are strings and are coerced first. */
const bodyAjv = createAjv(false);
const parameterAjv = createAjv(true);

const pointer = (...parts: string[]) =>
  `${SPEC_ID}#/${parts.map((part) => part.replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;

interface CompiledOperation {
  operationId: string;
  method: string;
  segments: string[];
  /** Literal segments: the more a template has, the more specific it is (`@original` over `{message_id}`). */
  literals: number;
  parameters: { name: string; in: "path" | "query"; required: boolean; validate: ValidateFunction }[];
  body?: { required: boolean; validate: ValidateFunction };
}

const segmentsOf = (path: string) => path.split("/").filter((segment) => segment !== "");

const operations: CompiledOperation[] = Object.entries(discordSpec.paths).flatMap(([template, item]) =>
  Object.entries(item).map(([method, operation]) => {
    const segments = segmentsOf(template);
    return {
      operationId: operation.operationId,
      method: method.toUpperCase(),
      segments,
      literals: segments.filter((segment) => !segment.startsWith("{")).length,
      parameters: (operation.parameters ?? []).map((parameter, index) => ({
        name: parameter.name,
        in: parameter.in as "path" | "query",
        required: parameter.required === true,
        validate: parameterAjv.compile({
          type: "object",
          properties: {
            [parameter.name]: {
              $ref: pointer("paths", template, method, "parameters", String(index), "schema"),
            },
          },
        }),
      })),
      ...(operation.requestBody
        ? {
            body: {
              required: operation.requestBody.required,
              validate: bodyAjv.compile({
                $ref: pointer(
                  "paths",
                  template,
                  method,
                  "requestBody",
                  "content",
                  "application/json",
                  "schema",
                ),
              }),
            },
          }
        : {}),
    };
  }),
);

/** A request as the fake Discord saw it: decoded path without `/api/v10`, query, parsed JSON body. */
export interface SpecRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/** What the spec says about one request: the operation it names (if any) and every problem found. */
export interface SpecVerdict {
  operationId?: string;
  problems: FormError[];
}

/** The spec's operation for a method and decoded path, with the path's parameter values. */
function operationFor(method: string, path: string) {
  const segments = segmentsOf(path);
  let best: { operation: CompiledOperation; values: Record<string, string> } | undefined;
  for (const operation of operations) {
    if (operation.method !== method || operation.segments.length !== segments.length) continue;
    const values: Record<string, string> = {};
    const fits = operation.segments.every((template, index) => {
      const segment = segments[index]!;
      if (template.startsWith("{")) values[template.slice(1, -1)] = segment;
      return template.startsWith("{") || template === segment;
    });
    if (fits && (!best || operation.literals > best.operation.literals)) best = { operation, values };
  }
  return best;
}

/** An ajv error as a Discord form error at the same place in the request. */
function formError(error: ErrorObject, prefix: (string | number)[]): FormError {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  if (error.keyword === "required") path.push(String(error.params.missingProperty));
  const codes: Record<string, string> = {
    maxLength: "BASE_TYPE_MAX_LENGTH",
    maxItems: "BASE_TYPE_MAX_LENGTH",
    minLength: "BASE_TYPE_MIN_LENGTH",
    minItems: "BASE_TYPE_MIN_LENGTH",
    required: "BASE_TYPE_REQUIRED",
    enum: "BASE_TYPE_CHOICES",
    const: "BASE_TYPE_CHOICES",
    maximum: "NUMBER_TYPE_MAX",
    minimum: "NUMBER_TYPE_MIN",
    pattern: "STRING_TYPE_REGEX",
  };
  return {
    path: [...prefix, ...path],
    code: codes[error.keyword] ?? `SCHEMA_${error.keyword.toUpperCase()}`,
    message: `${error.message ?? error.keyword} (${error.schemaPath})`,
  };
}

/**
 * The errors worth reading. A failing `oneOf`/`anyOf` reports its own summary plus every branch's errors;
 * the summary says nothing more, and a nullable field's "must be null" branch neither when something else
 * is said about the same place. The other branches' errors stay, since which branch was meant is a guess
 * (so a refused union can list a few problems that belong to branches nobody meant).
 */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  const kept = errors.filter((error) => !["oneOf", "anyOf"].includes(error.keyword));
  const informative = kept.filter(
    (error) =>
      !(error.keyword === "type" && error.params.type === "null") ||
      !kept.some((other) => other !== error && other.instancePath === error.instancePath),
  );
  const seen = new Set<string>();
  return informative.filter((error) => {
    const key = `${error.instancePath} ${error.keyword} ${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Checks one request against the spec; no problems means Discord's schema accepts it. */
export function checkDiscordRequest(request: SpecRequest): SpecVerdict {
  const found = operationFor(request.method, request.path);
  if (!found) {
    return {
      problems: [
        {
          path: [],
          code: "UNKNOWN_OPERATION",
          message: `${request.method} ${request.path} is no operation of Discord's spec`,
        },
      ],
    };
  }
  const { operation, values } = found;
  const problems: FormError[] = [];
  for (const parameter of operation.parameters) {
    const value = parameter.in === "path" ? values[parameter.name] : request.query[parameter.name];
    if (value === undefined) {
      if (parameter.required) {
        problems.push({
          path: [parameter.in, parameter.name],
          code: "BASE_TYPE_REQUIRED",
          message: "is required",
        });
      }
    } else if (!parameter.validate({ [parameter.name]: value })) {
      problems.push(
        ...relevant(parameter.validate.errors ?? []).map((error) => formError(error, [parameter.in])),
      );
    }
  }
  if (request.body === undefined) {
    if (operation.body?.required) {
      problems.push({ path: [], code: "BASE_TYPE_REQUIRED", message: "a JSON body is required" });
    }
  } else if (!operation.body) {
    problems.push({ path: [], code: "UNEXPECTED_BODY", message: `${operation.operationId} takes no body` });
  } else if (!operation.body.validate(request.body)) {
    problems.push(...relevant(operation.body.validate.errors ?? []).map((error) => formError(error, [])));
  }
  return { operationId: operation.operationId, problems };
}
