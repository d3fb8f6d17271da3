// Turns the patched document into one flat record per operation: what the emitters, the manifest and
// api-diff need, decided once. Findings that are not fixes (the spec is odd but usable) go to the lint.

import type { OperationMeta, QueryArrayStyle } from "../src/endpoint.js";
import { hasLiteralParentheses, hasSuffixAfterParameter } from "./grape-paths.js";
import { SPEC_PATH_EXTENSION } from "./fix-rules.js";
import type { Lint, LintAction } from "./lint.js";
import {
  componentSchemaName,
  listOperations,
  resolveSchema,
  type OpenApiDocument,
  type Operation,
  type Parameter,
  type Schema,
} from "./openapi.js";
import { compareStrings } from "./order.js";
import { SpecError } from "./spec-source.js";

export type RequestMediaType = NonNullable<OperationMeta["requestBody"]>;
export type ResponseKind = "json" | "text" | "binary" | "none";

export interface ParameterInfo {
  readonly name: string;
  /** `body` for a top-level property of the request body. */
  readonly in: Parameter["in"] | "body";
  readonly required: boolean;
  /** Compact type: `integer`, `string[]`, `integer|string`, a component schema name, `binary`… */
  readonly type: string;
  readonly enum?: string[];
}

export interface OperationInfo {
  readonly operationId: string;
  readonly method: OperationMeta["method"];
  /** Path template after fixes: what the runtime fills. */
  readonly path: string;
  /** The key in GitLab's own document, when a fix changed it. */
  readonly specPath?: string;
  readonly tag: string;
  /** File name of the endpoint module (`generated/endpoints/<module>.ts`). */
  readonly module: string;
  readonly summary?: string;
  readonly description?: string;
  readonly deprecated: boolean;
  readonly lifecycle?: string;
  readonly tier?: string;
  readonly docsUrl?: string;
  readonly parameters: ParameterInfo[];
  readonly requestBody?: {
    readonly required: boolean;
    readonly mediaTypes: string[];
    /** The media type the client sends. */
    readonly send: RequestMediaType;
  };
  readonly responseMediaTypes: string[];
  readonly response: ResponseKind;
  readonly queryArrays: Readonly<Record<string, QueryArrayStyle>>;
  readonly paginated: boolean;
}

const UNTAGGED = "untagged";

export function moduleSlug(tag: string): string {
  return tag
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function describeType(schema: Schema | undefined): string {
  if (!schema) return "unknown";
  if (schema.$ref !== undefined) return componentSchemaName(schema.$ref) ?? schema.$ref;
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return [...new Set(union.map(describeType))].sort().join("|");
  if (schema.allOf) return schema.allOf.map(describeType).join("&");
  if (schema.type === "array") {
    const item = describeType(schema.items);
    return item.includes("|") ? `(${item})[]` : `${item}[]`;
  }
  if (schema.type === "string" && schema.format === "binary") return "binary";
  return schema.type ?? (schema.properties ? "object" : "unknown");
}

function enumOf(schema: Schema | undefined): string[] | undefined {
  const values = schema?.enum ?? (schema?.type === "array" ? schema.items?.enum : undefined);
  return values?.map(String);
}

function isArraySchema(doc: OpenApiDocument, schema: Schema | undefined): boolean {
  const resolved = resolveSchema(doc, schema);
  if (!resolved) return false;
  if (resolved.type === "array") return true;
  return (resolved.anyOf ?? resolved.oneOf ?? []).some((branch) => isArraySchema(doc, branch));
}

const JSON_MEDIA = /^application\/(.+\+)?json$/;
const TEXT_MEDIA = /^(text\/.+|application\/(.+\+)?(yaml|xml))$/;

function responseKind(mediaTypes: string[]): ResponseKind {
  if (mediaTypes.length === 0) return "none";
  if (mediaTypes.some((type) => JSON_MEDIA.test(type))) return "json";
  if (mediaTypes.some((type) => TEXT_MEDIA.test(type))) return "text";
  return "binary";
}

function sendMediaType(operationId: string, mediaTypes: string[]): RequestMediaType {
  if (mediaTypes.some((type) => JSON_MEDIA.test(type))) return "application/json";
  const known: RequestMediaType[] = [
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
  ];
  const found = known.find((type) => mediaTypes.includes(type));
  if (!found) {
    throw new SpecError(
      `${operationId}: request body media types ${mediaTypes.join(", ")} are not supported by the runtime`,
    );
  }
  return found;
}

/**
 * GitLab runs on Rack, which keeps only the last of repeated plain keys, so the OpenAPI default
 * (`name=a&name=b`) loses data: arrays go as `name[]=a&name[]=b`. Parameters GitLab declares with
 * `explode: false` are Grape's comma-separated lists (`coerce_with` CommaSeparatedToArray), read as `a,b`.
 */
function queryArrayStyle(operationId: string, parameter: Parameter): QueryArrayStyle {
  if (parameter.style !== undefined && parameter.style !== "form") {
    throw new SpecError(
      `${operationId}: query array ${parameter.name} has unsupported style ${parameter.style}`,
    );
  }
  return parameter.explode === false ? "comma" : "brackets";
}

function bodyParameters(doc: OpenApiDocument, schema: Schema | undefined): ParameterInfo[] {
  const resolved = resolveSchema(doc, schema);
  const required = new Set(resolved?.required ?? []);
  return Object.entries(resolved?.properties ?? {}).map(([name, property]) => {
    const values = enumOf(resolveSchema(doc, property));
    return {
      name,
      in: "body",
      required: required.has(name),
      type: describeType(property),
      ...(values ? { enum: values } : {}),
    };
  });
}

function successResponses(operation: Operation) {
  return Object.entries(operation.responses ?? {}).filter(([status]) =>
    /^2(\d\d|XX)$/.test(status),
  );
}

/** What the spec gets odd but usable about one operation: the generator handles it, the lint counts it. */
function reportFindings(op: OperationInfo, operation: Operation, lint: Lint): void {
  const tags = operation.tags ?? [];
  const successes = successResponses(operation);
  const findings: [kind: string, action: LintAction, description: string, applies: boolean][] = [
    [
      "untagged-operation",
      "kept",
      `operations without a tag, put in ${UNTAGGED}.ts`,
      tags.length === 0,
    ],
    [
      "multi-tag-operation",
      "note",
      "operations with several tags, put in the first tag's module",
      tags.length > 1,
    ],
    [
      "no-success-response",
      "kept",
      "operations without a 2xx response (redirects only)",
      successes.length === 0,
    ],
    [
      "no-success-schema",
      "kept",
      "operations whose success response has no schema: result unknown",
      successes.length > 0 &&
        !successes.some(([, r]) => Object.values(r.content ?? {}).some((m) => m.schema)),
    ],
    [
      "no-content-with-body",
      "note",
      "204 responses that declare a body",
      successes.some(([status, r]) => status === "204" && r.content !== undefined),
    ],
    [
      "response-text",
      "note",
      "operations whose success body is decoded as text",
      op.response === "text",
    ],
    [
      "response-binary",
      "note",
      "operations whose success body is decoded as binary",
      op.response === "binary",
    ],
    ["deprecated-operation", "note", "deprecated operations", op.deprecated],
  ];
  for (const [kind, action, description, applies] of findings) {
    if (applies) lint.add(kind, action, description, op.operationId);
  }
  if (hasLiteralParentheses(op.path)) {
    lint.add(
      "literal-parentheses",
      "kept",
      "paths with literal OData parentheses (NuGet), sent as they are",
      op.path,
    );
  }
  if (hasSuffixAfterParameter(op.path)) {
    lint.add(
      "suffix-after-parameter",
      "kept",
      "path segments with text after a parameter",
      op.path,
    );
  }
  for (const [name, style] of Object.entries(op.queryArrays)) {
    const form = style === "comma" ? "a,b" : "name[]=a&name[]=b";
    lint.add(
      `query-array-${style}`,
      "note",
      `query arrays sent as ${form}`,
      `${op.operationId}.${name}`,
    );
  }
}

function collectOne(
  doc: OpenApiDocument,
  path: string,
  method: string,
  operation: Operation,
  tagDocs: ReadonlyMap<string, string>,
): OperationInfo {
  const operationId = operation.operationId ?? "";
  const tag = operation.tags?.[0] ?? UNTAGGED;

  const parameters: ParameterInfo[] = [];
  const queryArrays: Record<string, QueryArrayStyle> = {};
  for (const parameter of operation.parameters ?? []) {
    const values = enumOf(resolveSchema(doc, parameter.schema));
    parameters.push({
      name: parameter.name,
      in: parameter.in,
      required: parameter.required === true,
      type: describeType(parameter.schema),
      ...(values ? { enum: values } : {}),
    });
    if (parameter.in === "query" && isArraySchema(doc, parameter.schema)) {
      queryArrays[parameter.name] = queryArrayStyle(operationId, parameter);
    }
  }

  let requestBody: OperationInfo["requestBody"];
  if (operation.requestBody) {
    const content = operation.requestBody.content ?? {};
    const mediaTypes = Object.keys(content);
    const send = sendMediaType(operationId, mediaTypes);
    requestBody = { required: operation.requestBody.required === true, mediaTypes, send };
    parameters.push(...bodyParameters(doc, content[send]?.schema));
  }

  const successes = successResponses(operation);
  const responseMediaTypes = [
    ...new Set(successes.flatMap(([, r]) => Object.keys(r.content ?? {}))),
  ];
  const upper = method.toUpperCase() as OperationMeta["method"];
  const queryNames = new Set(parameters.filter((p) => p.in === "query").map((p) => p.name));
  const specPath = operation[SPEC_PATH_EXTENSION];
  const lifecycle = operation["x-gitlab-lifecycle"];
  const tier = operation["x-gitlab-tier"];
  const docsUrl = operation.externalDocs?.url ?? tagDocs.get(tag);
  return {
    operationId,
    method: upper,
    path,
    ...(typeof specPath === "string" ? { specPath } : {}),
    tag,
    module: moduleSlug(tag),
    ...(operation.summary ? { summary: operation.summary } : {}),
    ...(operation.description ? { description: operation.description } : {}),
    deprecated: operation.deprecated === true,
    ...(typeof lifecycle === "string" ? { lifecycle } : {}),
    ...(typeof tier === "string" ? { tier } : {}),
    ...(docsUrl ? { docsUrl } : {}),
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responseMediaTypes,
    response: responseKind(responseMediaTypes),
    queryArrays,
    paginated: upper === "GET" && (queryNames.has("page") || queryNames.has("per_page")),
  };
}

const METHOD_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/** All operations, sorted by path then method, so output order never depends on the spec's order. */
export function collectOperations(doc: OpenApiDocument, lint: Lint): OperationInfo[] {
  const tagDocs = new Map<string, string>();
  for (const tag of doc.tags ?? [])
    if (tag.externalDocs?.url) tagDocs.set(tag.name, tag.externalDocs.url);

  const operations = listOperations(doc).map(({ path, method, operation }) => {
    const op = collectOne(doc, path, method, operation, tagDocs);
    reportFindings(op, operation, lint);
    return op;
  });

  const used = new Set(listOperations(doc).flatMap(({ operation }) => operation.tags ?? []));
  for (const tag of doc.tags ?? []) {
    if (!used.has(tag.name))
      lint.add("unused-tag", "note", "declared tags no operation uses", tag.name);
  }

  const slugs = new Map<string, string>();
  for (const { tag, module } of operations) {
    const other = slugs.get(module);
    if (module === "")
      throw new SpecError(`tag "${tag}" has no letters or digits to name a module`);
    if (other !== undefined && other !== tag) {
      throw new SpecError(`tags "${other}" and "${tag}" map to the same module name "${module}"`);
    }
    slugs.set(module, tag);
  }

  return operations.sort(
    (a, b) =>
      compareStrings(a.path, b.path) ||
      METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method),
  );
}
