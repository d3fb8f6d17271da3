// Reading GitLab's response JSON schemas (spec/fixtures/api/schemas) the way GitLab's rspec matcher
// reads them: `$ref`s relative to the referring file, `type` lists with "null", oneOf/anyOf null
// branches, and GitLab's loose notations (`"properties": {"$ref": …}` meaning "the item is that schema";
// keyword-less objects meaning "an object with these properties"; `"type": "date"` or `"uri"` meaning a
// string). Doc examples are read through the same view, with what an example cannot show left unsaid.

import { posix } from "node:path";
import type { FactType } from "./facts.js";
import type { Schema } from "./openapi.js";

/** A node of a GitLab schema, with the file its `$ref`s are relative to. */
export interface GitlabNode {
  readonly node: unknown;
  readonly file: string;
}

/** What a node says, whichever notation wrote it. */
export interface Reading {
  /** JSON types other than null ("array" included); empty: any value. */
  readonly types: ReadonlySet<FactType | "array">;
  /** True: null allowed. False: null rejected. Undefined: not said (examples, untyped nodes). */
  readonly nullable: boolean | undefined;
  readonly items?: GitlabNode;
  readonly properties?: ReadonlyMap<string, GitlabNode>;
  /** The required list; undefined when the node has none (it then says nothing about presence). */
  readonly required?: ReadonlySet<string>;
}

export type SchemaLookup = (gitlabPath: string) => unknown;

const KEYWORDS = new Set([
  "type",
  "$ref",
  "properties",
  "items",
  "oneOf",
  "anyOf",
  "allOf",
  "enum",
  "const",
  "format",
  "required",
  "additionalProperties",
  "description",
  "pattern",
]);

const STRING_ALIASES = new Set(["date", "datetime", "date-time", "uri", "url", "text"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function normalType(name: unknown): FactType | "array" | "null" | undefined {
  if (typeof name !== "string") return undefined;
  if (STRING_ALIASES.has(name)) return "string";
  return ["string", "integer", "number", "boolean", "object", "array", "null"].includes(name)
    ? (name as FactType | "array" | "null")
    : undefined;
}

/** The schema a `$ref` names, relative to the referring file; undefined when GitLab's tree lacks it. */
function follow(ref: string, from: string, lookup: SchemaLookup): GitlabNode | undefined {
  const [file = "", fragment] = ref.split("#", 2);
  const target = file === "" ? from : posix.normalize(posix.join(posix.dirname(from), file));
  let node = lookup(target);
  for (const token of (fragment ?? "").split("/").filter((t) => t !== "")) {
    node = isRecord(node) ? node[token] : undefined;
  }
  return node === undefined ? undefined : { node, file: target };
}

interface Accumulator {
  types: Set<FactType | "array">;
  nullable: boolean | undefined;
  items?: GitlabNode;
  properties?: Map<string, GitlabNode>;
  required?: Set<string>;
}

function readInto(at: GitlabNode, lookup: SchemaLookup, acc: Accumulator, depth: number): void {
  const { node, file } = at;
  if (!isRecord(node) || depth > 20) return;
  if (typeof node.$ref === "string") {
    const target = follow(node.$ref, file, lookup);
    if (target) readInto(target, lookup, acc, depth + 1);
    return;
  }
  const props = node.properties;
  if (isRecord(props) && typeof props.$ref === "string" && Object.keys(props).length === 1) {
    readInto({ node: props, file }, lookup, acc, depth + 1);
    return;
  }
  const keywordLess =
    Object.keys(node).length > 0 && !Object.keys(node).some((k) => KEYWORDS.has(k));
  if (keywordLess && Object.values(node).every(isRecord)) {
    readInto({ node: { type: "object", properties: node }, file }, lookup, acc, depth + 1);
    return;
  }

  const declared = Array.isArray(node.type)
    ? node.type
    : node.type === undefined
      ? []
      : [node.type];
  let sawNull = false;
  for (const name of declared.map(normalType)) {
    if (name === "null") sawNull = true;
    else if (name !== undefined) acc.types.add(name);
  }
  if (declared.length > 0) acc.nullable = sawNull || acc.nullable === true;
  if (isRecord(node.items)) acc.items = { node: node.items, file };
  if (isRecord(props)) {
    acc.properties ??= new Map();
    for (const [name, child] of Object.entries(props))
      acc.properties.set(name, { node: child, file });
    if (declared.length === 0) acc.types.add("object");
  }
  if (Array.isArray(node.required)) {
    acc.required ??= new Set();
    for (const name of node.required) if (typeof name === "string") acc.required.add(name);
  }
  for (const key of ["oneOf", "anyOf", "allOf"] as const) {
    const branches = node[key];
    if (!Array.isArray(branches)) continue;
    for (const child of branches) {
      if (isRecord(child) && child.type === "null") {
        acc.nullable = true;
        continue;
      }
      readInto({ node: child, file }, lookup, acc, depth + 1);
    }
  }
}

export function readSchemaNode(at: GitlabNode, lookup: SchemaLookup): Reading {
  const acc: Accumulator = { types: new Set(), nullable: undefined };
  readInto(at, lookup, acc, 0);
  if (acc.types.size > 0 && acc.nullable === undefined) acc.nullable = false;
  return acc;
}

function exampleType(value: unknown): FactType | "array" | "null" {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "string") return "string";
  return typeof value === "boolean" ? "boolean" : "object";
}

/**
 * A JSON schema describing an example response: the types shown, null where null is shown, the
 * properties any element of a list shows. Marked so that reading it says nothing an example cannot.
 */
export function exampleSchema(values: readonly unknown[]): Record<string, unknown> {
  const types = new Set(values.map(exampleType));
  const schema: Record<string, unknown> = { "x-example": true, type: [...types].sort() };
  const elements = values.filter(Array.isArray).flat();
  if (types.has("array")) schema.items = exampleSchema(elements);
  const objects = values.filter(isRecord);
  if (objects.length > 0) {
    const names = [...new Set(objects.flatMap((o) => Object.keys(o)))];
    schema.properties = Object.fromEntries(
      names.map((name) => [
        name,
        exampleSchema(objects.filter((o) => name in o).map((o) => o[name])),
      ]),
    );
  }
  return schema;
}

export function isExampleNode(at: GitlabNode): boolean {
  return isRecord(at.node) && at.node["x-example"] === true;
}

/** A reading of an example node: presence and non-null are never asserted by an example. */
export function readExampleNode(at: GitlabNode): Reading {
  const node = isRecord(at.node) ? at.node : {};
  const declared = Array.isArray(node.type) ? (node.type as string[]) : [];
  const types = new Set(
    declared.filter((t) => t !== "null").map((t) => normalType(t) ?? "object") as (
      FactType | "array"
    )[],
  );
  const properties = isRecord(node.properties)
    ? new Map(Object.entries(node.properties).map(([k, v]) => [k, { node: v, file: at.file }]))
    : undefined;
  return {
    types,
    nullable: declared.includes("null") ? true : undefined,
    ...(isRecord(node.items) ? { items: { node: node.items, file: at.file } } : {}),
    ...(properties ? { properties } : {}),
  };
}

export function readNode(at: GitlabNode, lookup: SchemaLookup): Reading {
  return isExampleNode(at) ? readExampleNode(at) : readSchemaNode(at, lookup);
}

/** The evidenced schema as OpenAPI 3.0, for a place the spec leaves without one. */
export function toOpenApi(at: GitlabNode, lookup: SchemaLookup, depth = 0): Schema {
  const reading = readNode(at, lookup);
  if (depth > 8) return {};
  const nullable = reading.nullable === true ? { nullable: true } : {};
  const types = [...reading.types];
  const one = (type: FactType | "array"): Schema => {
    if (type === "array") {
      return {
        type: "array",
        items: reading.items ? toOpenApi(reading.items, lookup, depth + 1) : {},
      };
    }
    if (type === "object" && reading.properties) {
      const properties = Object.fromEntries(
        [...reading.properties].map(([name, child]) => [name, toOpenApi(child, lookup, depth + 1)]),
      );
      const required = [...reading.properties.keys()].filter((name) => reading.required?.has(name));
      return { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
    }
    return { type };
  };
  if (types.length === 0) return reading.nullable === true ? { nullable: true } : {};
  if (types.length === 1 && types[0] !== undefined) return { ...one(types[0]), ...nullable };
  return { anyOf: types.sort().map(one), ...nullable };
}
