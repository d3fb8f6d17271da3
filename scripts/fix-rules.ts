// Systematic repairs of GitLab's OpenAPI description. Each rule is switched on, with the reason it
// exists, in openapi/fixes.yaml; this file holds only the mechanics. Rules run in the order listed here.

import { resolveOptionalGroups, optionalGroups, templateParameters } from "./grape-paths.js";
import type { Lint } from "./lint.js";
import {
  HTTP_METHODS,
  listOperations,
  resolveSchema,
  walkObjects,
  type HttpMethod,
  type OpenApiDocument,
  type Operation,
  type Parameter,
  type PathItem,
  type Schema,
} from "./openapi.js";

export interface FixRule {
  readonly id: string;
  /** One line for the lint summary. */
  readonly summary: string;
  apply(doc: OpenApiDocument, lint: Lint): void;
}

/** Extension recording the path key an operation had in GitLab's own document, before any fix moved it. */
export const SPEC_PATH_EXTENSION = "x-typed-gitlab-spec-path";

export class SpecFixError extends Error {}

function operationName(path: string, method: HttpMethod, operation: Operation): string {
  return operation.operationId ?? `${method.toUpperCase()} ${path}`;
}

/**
 * Rebuilds `doc.paths` with some operations moved to other path keys, keeping key order stable.
 * `target` returns the new key for an operation (or undefined to leave it); it may consult `isTaken`
 * to avoid a key whose path item already has that method.
 */
function movePathOperations(
  doc: OpenApiDocument,
  target: (
    path: string,
    method: HttpMethod,
    operation: Operation,
    isTaken: (key: string) => boolean,
  ) => string | undefined,
): void {
  const moved = new Map<Operation, string>();
  const claimed = new Set<string>();

  for (const { path, method, operation } of listOperations(doc)) {
    // A key is taken when another operation already moved there, or one sits there and has not moved.
    const isTaken = (key: string) => {
      const present = doc.paths[key]?.[method];
      return (
        claimed.has(`${method} ${key}`) ||
        (present !== undefined && present !== operation && !moved.has(present))
      );
    };
    const destination = target(path, method, operation, isTaken);
    if (destination === undefined || destination === path) continue;
    if (isTaken(destination)) {
      throw new SpecFixError(
        `cannot move ${operationName(path, method, operation)} from ${path} to ${destination}: ` +
          `${method.toUpperCase()} ${destination} already exists; add a targeted fix in openapi/fixes.yaml`,
      );
    }
    moved.set(operation, destination);
    claimed.add(`${method} ${destination}`);
  }
  if (moved.size === 0) return;

  const paths: Record<string, PathItem> = {};
  const itemAt = (key: string): PathItem => (paths[key] ??= {});
  for (const [path, item] of Object.entries(doc.paths)) {
    const pathLevel = item.parameters ?? [];
    for (const [key, value] of Object.entries(item)) {
      const method = HTTP_METHODS.find((m) => m === key);
      if (method === undefined) {
        itemAt(path)[key] = value;
        continue;
      }
      const operation = item[method];
      if (!operation) continue;
      const destination = moved.get(operation);
      if (destination === undefined) {
        itemAt(path)[method] = operation;
        continue;
      }
      // Path-level parameters do not travel with the key, so they move into the operation.
      const own = new Set((operation.parameters ?? []).map((p) => `${p.in}:${p.name}`));
      const inherited = pathLevel.filter((p) => !own.has(`${p.in}:${p.name}`));
      if (inherited.length > 0)
        operation.parameters = [...inherited, ...(operation.parameters ?? [])];
      operation[SPEC_PATH_EXTENSION] ??= path;
      itemAt(destination)[method] = operation;
    }
  }
  for (const [path, item] of Object.entries(paths)) {
    if (!HTTP_METHODS.some((method) => item[method])) delete paths[path];
  }
  doc.paths = paths;
}

function defineRule(
  id: string,
  summary: string,
  apply: (doc: OpenApiDocument, fixed: (example: string) => void) => void,
): FixRule {
  return {
    id,
    summary,
    apply: (doc, lint) => apply(doc, (example) => lint.add(id, "fixed", summary, example)),
  };
}

const grapeOptionalSegments = defineRule(
  "grape-optional-segments",
  "Grape optional groups resolved in path keys",
  (doc, fixed) => {
    movePathOperations(doc, (path, method, operation, isTaken) => {
      if (optionalGroups(path).length === 0) return undefined;
      const candidates = resolveOptionalGroups(path);
      const chosen = candidates.find((candidate) => !isTaken(candidate)) ?? candidates[0];
      fixed(`${path} → ${chosen}`);
      return chosen;
    });
  },
);

const pathParameterNames = defineRule(
  "path-parameter-names",
  "path template names differ from declared path parameters",
  (doc, fixed) => {
    movePathOperations(doc, (path, method, operation) => {
      const template = templateParameters(path);
      const declared = (operation.parameters ?? [])
        .filter((p) => p.in === "path")
        .map((p) => p.name);
      const missing = template.filter((name) => !declared.includes(name));
      const extra = declared.filter((name) => !template.includes(name));
      if (missing.length === 0 && extra.length === 0) return undefined;
      const name = operationName(path, method, operation);
      if (missing.length !== extra.length) {
        throw new SpecFixError(
          `${name}: path ${path} has parameters {${missing.join("}, {")}} that the operation does not declare, ` +
            `and declares [${extra.join(", ")}]; add a targeted fix in openapi/fixes.yaml`,
        );
      }
      fixed(name);
      let renamed = path;
      missing.forEach((from, i) => {
        renamed = renamed.replace(`{${from}}`, `{${extra[i] ?? from}}`);
      });
      return renamed;
    });
  },
);

const pathParameterSchema = defineRule(
  "path-parameter-schema",
  "path parameters without a type typed as string",
  (doc, fixed) => {
    for (const { path, method, operation } of listOperations(doc)) {
      for (const parameter of operation.parameters ?? []) {
        const schema = parameter.schema ?? {};
        const typed = schema.type ?? schema.$ref ?? schema.oneOf ?? schema.anyOf ?? schema.allOf;
        if (parameter.in !== "path" || typed !== undefined) continue;
        parameter.schema = { ...schema, type: "string" };
        fixed(`${operationName(path, method, operation)}.${parameter.name}`);
      }
    }
  },
);

const ID_OR_PATH = /\bID or URL[- ]encoded path\b/i;

const idOrPathParameters = defineRule(
  "id-or-path-parameters",
  "ID-or-path parameters typed string only now also take numbers",
  (doc, fixed) => {
    for (const { path, method, operation } of listOperations(doc)) {
      for (const parameter of operation.parameters ?? []) {
        const { schema } = parameter;
        if (parameter.in !== "path" || schema?.type !== "string" || schema.enum || schema.format)
          continue;
        if (!ID_OR_PATH.test(parameter.description ?? "")) continue;
        const widened: Schema = { ...schema, anyOf: [{ type: "string" }, { type: "integer" }] };
        delete widened.type;
        parameter.schema = widened;
        fixed(`${operationName(path, method, operation)}.${parameter.name}`);
      }
    }
  },
);

function isStringIntegerPair(branches: Schema[]): boolean {
  const types = branches.map((branch) => branch.type).sort();
  return types.length === 2 && types[0] === "integer" && types[1] === "string";
}

/** Replaces the `oneOf` key by `anyOf` in place, keeping the object's key order. */
function oneOfToAnyOf(schema: Record<string, unknown>): void {
  const entries = Object.entries(schema);
  for (const key of Object.keys(schema)) delete schema[key];
  for (const [key, value] of entries) schema[key === "oneOf" ? "anyOf" : key] = value;
}

const oneOfToAnyOfRule = defineRule(
  "oneof-to-anyof",
  "oneOf whose branches overlap turned into anyOf",
  (doc, fixed) => {
    const parameterSchemas = new Set<unknown>();
    for (const { operation } of listOperations(doc)) {
      for (const parameter of operation.parameters ?? []) parameterSchemas.add(parameter.schema);
    }
    walkObjects(doc, (node) => {
      const branches = node.oneOf;
      if (!Array.isArray(branches)) return;
      if (parameterSchemas.has(node) || isStringIntegerPair(branches as Schema[])) {
        oneOfToAnyOf(node);
        fixed((branches as Schema[]).map((b) => b.type).join("|"));
      }
    });
  },
);

const queryObjectDeepObject = defineRule(
  "query-object-deep-object",
  "object query parameters serialized as name[key]=value",
  (doc, fixed) => {
    for (const { path, method, operation } of listOperations(doc)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== "query" || parameter.style !== undefined) continue;
        if (resolveSchema(doc, parameter.schema)?.type !== "object") continue;
        parameter.style = "deepObject";
        parameter.explode = true;
        fixed(`${operationName(path, method, operation)}.${parameter.name}`);
      }
    }
  },
);

const bodylessMethods: readonly HttpMethod[] = ["get", "head"];

const bodyOnGetOrHead = defineRule(
  "body-on-get-or-head",
  "GET/HEAD request bodies moved to query parameters",
  (doc, fixed) => {
    for (const { path, method, operation } of listOperations(doc)) {
      if (!bodylessMethods.includes(method) || !operation.requestBody) continue;
      const media = Object.values(operation.requestBody.content ?? {})[0];
      const schema = resolveSchema(doc, media?.schema);
      const required = new Set(schema?.required ?? []);
      const existing = new Set((operation.parameters ?? []).map((p) => `${p.in}:${p.name}`));
      const moved: Parameter[] = Object.entries(schema?.properties ?? {})
        .filter(([name]) => !existing.has(`query:${name}`))
        .map(([name, property]) => ({
          name,
          in: "query",
          required: required.has(name),
          ...(property.description === undefined ? {} : { description: property.description }),
          schema: property,
        }));
      operation.parameters = [...(operation.parameters ?? []), ...moved];
      delete operation.requestBody;
      fixed(operationName(path, method, operation));
    }
  },
);

const PAGINATION_PARAMETERS = new Set(["page", "per_page"]);

const paginatedListResult = defineRule(
  "paginated-list-result",
  "paginated list operations declared to return one object",
  (doc, fixed) => {
    for (const { path, method, operation } of listOperations(doc)) {
      if (method !== "get") continue;
      const parameters = operation.parameters ?? [];
      if (!parameters.some((p) => p.in === "query" && PAGINATION_PARAMETERS.has(p.name))) continue;
      for (const media of Object.values(operation.responses?.["200"]?.content ?? {})) {
        const schema = media.schema;
        if (!schema || resolveSchema(doc, schema)?.type === "array") continue;
        media.schema = { type: "array", items: schema };
        fixed(operationName(path, method, operation));
      }
    }
  },
);

export const FIX_RULES: readonly FixRule[] = [
  grapeOptionalSegments,
  pathParameterNames,
  pathParameterSchema,
  idOrPathParameters,
  oneOfToAnyOfRule,
  queryObjectDeepObject,
  bodyOnGetOrHead,
  paginatedListResult,
];
