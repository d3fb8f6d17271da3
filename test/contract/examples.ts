// Minimal valid values for JSON Schemas of the (patched) spec: what a careful caller would pass. The
// contract test uses them to call every operation, so they must satisfy the schema (type, enum,
// format, pattern, bounds), and they stay small: one array item, the first enum value, the first
// anyOf branch; objects hold their required properties, or every property with `allProperties`.

import type { OpenApiDocument, Schema } from "../../scripts/openapi.js";

export class ExampleError extends Error {}

/** Values by `format`, valid for Prism's validator (ajv formats). */
const FORMATS: Readonly<Record<string, string>> = {
  "date-time": "2024-01-15T10:00:00Z",
  date: "2024-01-15",
  time: "10:00:00",
  email: "user@example.com",
  uri: "https://example.com/path",
  url: "https://example.com/path",
  "uri-reference": "https://example.com/path",
  hostname: "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  uuid: "123e4567-e89b-12d3-a456-426614174000",
  byte: "ZXhhbXBsZQ==",
  password: "example-password",
};

// Tried in order against a `pattern`: GitLab's patterns are names, versions, hashes and file names.
const PATTERN_CANDIDATES = [
  "example",
  "1.0.0",
  "abc123",
  "0123456789abcdef0123456789abcdef01234567",
  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  "123e4567-e89b-12d3-a456-426614174000",
  "123",
  "example.deb",
  "example-name",
  "abcdefgh",
];

function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; current.$ref !== undefined; depth++) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(current.$ref)?.[1];
    const target = name === undefined ? undefined : doc.components?.schemas?.[name];
    if (target === undefined || depth > 20) throw new ExampleError(`unresolvable ${current.$ref}`);
    current = target;
  }
  return current;
}

/** `allOf` merged into one schema (properties and required lists combined). */
function flatten(doc: OpenApiDocument, schema: Schema): Schema {
  const resolved = resolve(doc, schema);
  if (resolved.allOf === undefined) return resolved;
  const { allOf, ...rest } = resolved;
  let merged: Schema = rest;
  for (const part of allOf) {
    const flat = flatten(doc, part);
    merged = {
      ...flat,
      ...merged,
      properties: { ...flat.properties, ...merged.properties },
      required: [...(flat.required ?? []), ...(merged.required ?? [])],
    };
  }
  return merged;
}

function numberIn(schema: Schema, preferred: number): number {
  const minimum = typeof schema.minimum === "number" ? schema.minimum : undefined;
  const maximum = typeof schema.maximum === "number" ? schema.maximum : undefined;
  let value = preferred;
  if (minimum !== undefined && value < minimum) value = Math.ceil(minimum);
  if (maximum !== undefined && value > maximum) value = Math.floor(maximum);
  return value;
}

function stringFor(schema: Schema): string {
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Infinity;
  const fits = (s: string) => s.length >= min && s.length <= max;
  const format = schema.format === undefined ? undefined : FORMATS[schema.format];
  const pattern = typeof schema.pattern === "string" ? new RegExp(schema.pattern, "u") : undefined;
  const candidates = [
    // GitLab's examples are sometimes prose ("'a/b' not 'https://…'"): only a plain token is used.
    ...(typeof schema.example === "string" && /^[\w.@:+/-]+$/.test(schema.example)
      ? [schema.example]
      : []),
    ...(typeof schema.default === "string" && schema.default !== "" ? [schema.default] : []),
    ...(format === undefined ? [] : [format]),
    ...PATTERN_CANDIDATES,
    "x".repeat(Math.max(min, 1)),
  ];
  // A format wins over GitLab's free-text `example`, which is not always in that format.
  if (format !== undefined && fits(format) && (pattern === undefined || pattern.test(format)))
    return format;
  const found = candidates.find((s) => fits(s) && (pattern === undefined || pattern.test(s)));
  if (found === undefined)
    throw new ExampleError(`no example string for ${JSON.stringify(schema).slice(0, 200)}`);
  return found;
}

export interface ExampleOptions {
  /** A `format: binary` value (multipart file fields): the caller decides what a file is. */
  readonly binary: () => unknown;
  /** Every declared property of an object, not only the required ones: exercises every field's encoding. */
  readonly allProperties: boolean;
}

/** A valid value for `schema`; `depth` guards recursive schemas. */
export function exampleValue(
  doc: OpenApiDocument,
  schema: Schema,
  options: ExampleOptions,
  depth = 0,
): unknown {
  if (depth > 12) throw new ExampleError("schema nests too deeply");
  const s = flatten(doc, schema);
  if (Array.isArray(s.enum)) {
    const value = s.enum.find((v) => v !== null);
    if (value === undefined) throw new ExampleError("enum has no non-null value");
    return value;
  }
  const branches = s.anyOf ?? s.oneOf;
  if (branches !== undefined && s.type === undefined) {
    // The first branch that is not a bare null: for GitLab's [string, integer] IDs that is the string.
    const branch = branches.find((b) => resolve(doc, b).type !== "null");
    if (branch === undefined) throw new ExampleError("anyOf/oneOf has only null branches");
    return exampleValue(doc, branch, options, depth + 1);
  }
  switch (s.type) {
    case "string":
      return s.format === "binary" ? options.binary() : stringFor(s);
    case "integer":
      return numberIn(s, typeof s.example === "number" ? Math.round(s.example) : 1);
    case "number":
      return numberIn(s, typeof s.example === "number" ? s.example : 1);
    case "boolean":
      return true;
    case "array": {
      const count = Math.max(typeof s.minItems === "number" ? s.minItems : 1, 1);
      const item =
        s.items === undefined ? "example" : exampleValue(doc, s.items, options, depth + 1);
      return Array.from({ length: count }, () => item);
    }
    case "object":
    case undefined: {
      const result: Record<string, unknown> = {};
      const names = options.allProperties
        ? [...new Set([...Object.keys(s.properties ?? {}), ...(s.required ?? [])])]
        : (s.required ?? []);
      for (const name of names) {
        const property = s.properties?.[name];
        result[name] =
          property === undefined ? "example" : exampleValue(doc, property, options, depth + 1);
      }
      return result;
    }
    default:
      throw new ExampleError(`unsupported type ${String(s.type)}`);
  }
}

export { flatten as flattenSchema };
