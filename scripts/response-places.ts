// The places of the spec that describe response bodies, named the way facts name them: a property of
// a response component (`APIEntitiesMergeRequestBasic` + `assignees`), or a place inside one
// operation's inline success body (`op:<operationId>` + `a[].b`). Both the evidence stage and the
// accuracy measurement walk the same places.

import { OPERATION_TARGET } from "./facts.js";
import {
  componentSchemaName,
  listOperations,
  referencedSchemas,
  type OpenApiDocument,
  type Operation,
  type Schema,
} from "./openapi.js";

export interface PropertyPlace {
  readonly target: string;
  readonly path: string;
  readonly name: string;
  /** The object schema declaring the property. */
  readonly parent: Schema;
}

const SUCCESS = /^2\d\d$/;

/** Each success response's JSON media object (created empty where a 2xx declares no content). */
export function successMedia(
  operation: Operation,
  create: boolean,
): { schema?: Schema } | undefined {
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    if (!SUCCESS.test(status)) continue;
    const media = response.content?.["application/json"];
    if (media) return media;
    if (response.content === undefined && create) {
      response.content = { "application/json": {} };
      return response.content["application/json"];
    }
  }
  return undefined;
}

export function operationsById(doc: OpenApiDocument): Map<string, Operation> {
  return new Map(
    listOperations(doc).map(({ operation }) => [operation.operationId ?? "", operation]),
  );
}

export function responseComponents(doc: OpenApiDocument): Set<string> {
  return referencedSchemas(
    doc,
    listOperations(doc).map(({ operation }) => successMedia(operation, false)?.schema),
  );
}

function join(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}

/** Every property in `schema`'s inline tree (not through `$ref`s), depth first. */
function inlineProperties(
  schema: Schema | undefined,
  target: string,
  path: string,
  out: PropertyPlace[],
): void {
  if (!schema || schema.$ref !== undefined) return;
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    out.push({ target, path: join(path, name), name, parent: schema });
    inlineProperties(property, target, join(path, name), out);
  }
  if (schema.items) inlineProperties(schema.items, target, `${path}[]`, out);
  for (const branch of [...(schema.allOf ?? []), ...(schema.anyOf ?? [])]) {
    inlineProperties(branch, target, path, out);
  }
}

export function responsePropertyPlaces(doc: OpenApiDocument): PropertyPlace[] {
  const out: PropertyPlace[] = [];
  const schemas = doc.components?.schemas ?? {};
  for (const name of responseComponents(doc)) inlineProperties(schemas[name], name, "", out);
  for (const { operation } of listOperations(doc)) {
    const schema = successMedia(operation, false)?.schema;
    inlineProperties(schema, OPERATION_TARGET + (operation.operationId ?? ""), "", out);
  }
  return out;
}

/** The property at a place, through wrappers the evidence stage adds (array, allOf for a nullable $ref). */
export function unwrap(schema: Schema): { node: Schema; array: boolean } {
  let node = schema;
  let array = false;
  if (node.type === "array" && node.items) {
    node = node.items;
    array = true;
  }
  if (node.allOf?.length === 1 && node.allOf[0]) node = node.allOf[0];
  return { node, array };
}

export function refName(schema: Schema | undefined): string | undefined {
  return schema?.$ref === undefined ? undefined : componentSchemaName(schema.$ref);
}

/**
 * The object schema holding `path`'s last property in `target` (and that property's name), following
 * `a.b` and `a[]` from the target's root. Undefined when the path leads nowhere.
 */
export function locateParent(
  doc: OpenApiDocument,
  target: string,
  path: string,
  operations: ReadonlyMap<string, Operation>,
): { parent: Schema; name: string } | undefined {
  let node: Schema | undefined = target.startsWith(OPERATION_TARGET)
    ? (() => {
        const operation = operations.get(target.slice(OPERATION_TARGET.length));
        return operation && successMedia(operation, false)?.schema;
      })()
    : doc.components?.schemas?.[target];
  const tokens = path.split(".").flatMap((token) => {
    const parts = token.split("[]");
    return parts.flatMap((part, i) => (i === 0 ? [part] : ["[]", part])).filter((t) => t !== "");
  });
  const last = tokens.pop();
  if (last === undefined || last === "[]") return undefined;
  for (const token of tokens) {
    if (!node) return undefined;
    node = token === "[]" ? node.items : node.properties?.[token];
    if (node?.allOf?.length === 1) node = node.allOf[0];
  }
  return node ? { parent: node, name: last } : undefined;
}
