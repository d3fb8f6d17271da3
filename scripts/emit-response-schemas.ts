// generated/response-schemas.json: the schema of every operation's 2xx application/json body, for the
// opt-in response check (src/response-check/) and the simulator's shape validation. It is cut from the
// same patched document the type emitter reads, so a fix in openapi/ corrects the types and the check
// together. Schemas stay OpenAPI 3.0 schema objects (nullable, not type arrays) with the structure of
// the document, so a JSON Pointer into this file is a pointer openapi/fixes.yaml can patch; only what
// validation reads is kept, and component references point into the file's own `$defs`.

import { headerLines, type SpecIdentity } from "./header.js";
import {
  componentSchemaName,
  isRecord,
  referencedSchemas,
  type HttpMethod,
  type OpenApiDocument,
  type Schema,
} from "./openapi.js";
import type { OperationInfo } from "./operations.js";
import { compareStrings } from "./order.js";

/**
 * What validation reads. `format` is left out (date-time, int64: GitLab's strings do not all follow
 * RFC 3339, and a type check is what the generated types promise), as is `enum`: a value outside it
 * could only be reported by quoting the value, and values are never quoted (they may hold secrets).
 */
const SCHEMA_KEYWORDS = new Set([
  "type",
  "nullable",
  "properties",
  "required",
  "items",
  "additionalProperties",
  "anyOf",
  "oneOf",
  "allOf",
]);

const DEFS_PREFIX = "#/$defs/";
const SUCCESS = /^2\d\d$/;
const JSON_MEDIA = "application/json";

export interface ResponseSchemas {
  readonly "//": string;
  readonly spec: SpecIdentity;
  /** operationId → status → schema of the body. */
  readonly operations: Record<string, Record<string, Schema>>;
  /** Component schema name → schema, every one an operation above reaches. */
  readonly $defs: Record<string, Schema>;
}

function compact(schema: Schema): Schema {
  if (typeof schema.$ref === "string") {
    const name = componentSchemaName(schema.$ref);
    // OpenAPI 3.0 ignores a reference's siblings, and so does the type emitter.
    return { $ref: name === undefined ? schema.$ref : `${DEFS_PREFIX}${escapeToken(name)}` };
  }
  const result: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!SCHEMA_KEYWORDS.has(key)) continue;
    if (key === "properties" && isRecord(value)) {
      result.properties = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, compact(property as Schema)]),
      );
    } else if ((key === "items" || key === "additionalProperties") && isRecord(value)) {
      result[key] = compact(value as Schema);
    } else if (Array.isArray(value) && key !== "required" && key !== "type") {
      result[key] = value.map((branch: Schema) => compact(branch));
    } else {
      result[key] = value;
    }
  }
  return result;
}

function escapeToken(name: string): string {
  return name.replace(/~/g, "~0").replace(/\//g, "~1");
}

function jsonBodySchema(doc: OpenApiDocument, op: OperationInfo): Record<string, Schema> {
  const operation = doc.paths[op.path]?.[op.method.toLowerCase() as HttpMethod];
  const bodies: Record<string, Schema> = {};
  const statuses = Object.keys(operation?.responses ?? {})
    .filter((status) => SUCCESS.test(status))
    .sort(compareStrings);
  for (const status of statuses) {
    const schema = operation?.responses?.[status]?.content?.[JSON_MEDIA]?.schema;
    if (schema) bodies[status] = schema;
  }
  return bodies;
}

export function buildResponseSchemas(
  identity: SpecIdentity,
  doc: OpenApiDocument,
  operations: readonly OperationInfo[],
): ResponseSchemas {
  const raw = new Map<string, Record<string, Schema>>();
  for (const op of [...operations].sort((a, b) => compareStrings(a.operationId, b.operationId))) {
    const bodies = jsonBodySchema(doc, op);
    if (Object.keys(bodies).length > 0) raw.set(op.operationId, bodies);
  }
  const reached = referencedSchemas(
    doc,
    [...raw.values()].flatMap((bodies) => Object.values(bodies)),
  );
  const components = doc.components?.schemas ?? {};
  return {
    "//": headerLines(identity).join(" "),
    spec: { title: identity.title, version: identity.version, sha256: identity.sha256 },
    operations: Object.fromEntries(
      [...raw].map(([id, bodies]) => [
        id,
        Object.fromEntries(Object.entries(bodies).map(([status, s]) => [status, compact(s)])),
      ]),
    ),
    $defs: Object.fromEntries(
      [...reached]
        .sort(compareStrings)
        .flatMap((name) => (components[name] ? [[name, compact(components[name])]] : [])),
    ),
  };
}

/** One operation and one component per line: compact, and a diff still shows what changed. */
export function responseSchemasJson(schemas: ResponseSchemas): string {
  const { operations, $defs, ...rest } = schemas;
  const head = JSON.stringify(rest, null, 2).replace(/\n}$/, "");
  const lines = (record: Record<string, unknown>) =>
    Object.entries(record)
      .map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)}`)
      .join(",\n");
  return `${head},\n  "operations": {\n${lines(operations)}\n  },\n  "$defs": {\n${lines($defs)}\n  }\n}\n`;
}
