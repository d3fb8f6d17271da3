// Validates a response body against its operation's schema with ajv and turns ajv's errors into
// mismatches a person can act on: where in the body, what the type says, what arrived (types only,
// never values), and the openapi/fixes.yaml patch that would make the type say what arrived.
// Loaded only by a dynamic import, so ajv and the schemas cost nothing while no check is on.

import { createRequire } from "node:module";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { fixFor, type FixEntry, type SchemaOwner } from "./fix-entry.js";
import {
  defName,
  loadResponseSchemas,
  pointerToken,
  type OpenApiSchema,
  type ResponseSchemaFile,
} from "./schemas.js";

export type MismatchKind = "type" | "missing" | "undeclared";

export interface Mismatch {
  readonly operationId: string;
  readonly status: number;
  /**
   * `type`: the value has another JSON type than the schema (an array where it says object, null where
   * it is not nullable, a number where it says string); `missing`: a required property is absent;
   * `undeclared`: a property the schema does not list.
   */
  readonly kind: MismatchKind;
  /** JSONPath of the value, array indices and map keys as `[*]` and `.*`: `$[*].assignees`. */
  readonly path: string;
  readonly expected: string;
  readonly received: string;
  /** The openapi/fixes.yaml entry that would make the type admit what was received. */
  readonly fix: FixEntry;
}

/** A value's place in the schemas, found by walking the body's path through them. */
interface Located {
  /** The schema that validates the value, references followed, and where it is declared. */
  readonly node: OpenApiSchema;
  readonly owner: SchemaOwner;
  /** The property, item or response slot that holds the value (a reference, when it is one). */
  readonly slotNode: OpenApiSchema;
  readonly slot: SchemaOwner;
  readonly path: string;
}

const SCHEMA_ID = "urn:typed-gitlab:response-schemas";

/** OpenAPI 3.0 → the JSON Schema ajv reads: nullable as a null type, declared properties closed. */
function toJsonSchema(schema: OpenApiSchema): Record<string, unknown> {
  if (schema.$ref !== undefined) {
    return { $ref: schema.$ref.startsWith("#") ? `${SCHEMA_ID}${schema.$ref}` : schema.$ref };
  }
  const result: Record<string, unknown> = {};
  if (schema.type !== undefined)
    result.type = schema.nullable ? [schema.type, "null"] : schema.type;
  if (schema.properties) {
    result.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, value]) => [name, toJsonSchema(value)]),
    );
    // The generated type lists these properties and no others: anything else is a field the type lacks.
    if (schema.additionalProperties === undefined && !schema.allOf) {
      result.additionalProperties = false;
    }
  }
  if (schema.required) result.required = schema.required;
  if (schema.items) result.items = toJsonSchema(schema.items);
  if (schema.additionalProperties !== undefined) {
    result.additionalProperties =
      typeof schema.additionalProperties === "boolean"
        ? schema.additionalProperties
        : toJsonSchema(schema.additionalProperties);
  }
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const branches = schema[key];
    if (branches) result[key] = branches.map(toJsonSchema);
  }
  if (schema.nullable && schema.type === undefined) {
    // No type to widen (a composition): null is accepted before anything else is checked.
    return { if: { type: "null" }, else: result };
  }
  return result;
}

export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** What a schema node says, in the words of the generated type. */
export function describeSchema(node: OpenApiSchema): string {
  if (node.$ref !== undefined) return `${defName(node.$ref) ?? node.$ref} (object)`;
  const branches = node.anyOf ?? node.oneOf;
  let text: string;
  if (branches) text = branches.map(describeSchema).join(" | ");
  else if (node.allOf) text = node.allOf.map(describeSchema).join(" & ");
  else if (node.type === "array")
    text = node.items ? `array of ${describeSchema(node.items)}` : "array";
  else text = node.type ?? (node.properties ? "object" : "any");
  return node.nullable ? `${text} | null` : text;
}

function pathKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

export class ResponseValidator {
  private readonly compiled = new Map<string, ValidateFunction | undefined>();
  private readonly ajv: Ajv;

  constructor(private readonly file: ResponseSchemaFile) {
    // allErrors: every mismatch in a body is reported at once, not only the first.
    this.ajv = new (loadAjv())({ allErrors: true, strict: true });
    this.ajv.addSchema({
      $id: SCHEMA_ID,
      $defs: Object.fromEntries(
        Object.entries(file.$defs).map(([name, schema]) => [name, toJsonSchema(schema)]),
      ),
    });
  }

  /** GitLab's version whose description the schemas come from. */
  get specVersion(): string {
    return this.file.spec.version;
  }

  /** The statuses for which the description gives `operationId` a JSON body schema. */
  statuses(operationId: string): string[] {
    return Object.keys(this.file.operations[operationId] ?? {});
  }

  /** The mismatches of one body; none when it fits, or when the operation has no JSON schema for it. */
  validate(operationId: string, status: number, body: unknown): Mismatch[] {
    const key = `${operationId} ${status}`;
    if (!this.compiled.has(key)) {
      const schema = this.file.operations[operationId]?.[String(status)];
      this.compiled.set(key, schema && this.ajv.compile(toJsonSchema(schema)));
    }
    const validate = this.compiled.get(key);
    if (!validate || validate(body)) return [];
    const root = this.file.operations[operationId]?.[String(status)] as OpenApiSchema;
    const owner: SchemaOwner = {
      kind: "operation",
      operationId,
      pointer: `/responses/${status}/content/application~1json/schema`,
    };
    const start = this.resolve({ node: root, owner, slotNode: root, slot: owner, path: "$" });
    return relevantErrors(validate.errors ?? []).flatMap((error) => {
      const found = this.mismatchOf(operationId, status, start, body, error);
      return found ? [found] : [];
    });
  }

  private mismatchOf(
    operationId: string,
    status: number,
    start: Located,
    body: unknown,
    error: ErrorObject,
  ): Mismatch | undefined {
    const segments = error.instancePath === "" ? [] : error.instancePath.slice(1).split("/");
    let at: Located | undefined = start;
    let value: unknown = body;
    for (const raw of segments) {
      const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      value = (value as Record<string, unknown>)[segment];
      at = at && this.step(at, segment);
    }
    if (!at) return undefined;
    const context = { operationId, status, version: this.file.spec.version };
    if (error.keyword === "required" || error.keyword === "additionalProperties") {
      const missing = error.keyword === "required";
      const name = String(missing ? error.params.missingProperty : error.params.additionalProperty);
      const path = `${at.path}${pathKey(name)}`;
      if (missing) {
        const declared = at.node.properties?.[name];
        const expected = `${declared ? describeSchema(declared) : "a value"} (required)`;
        const fix = fixFor({
          ...context,
          kind: "missing",
          path,
          expected,
          object: at.owner,
          node: at.node,
          name,
        });
        return { operationId, status, kind: "missing", path, expected, received: "absent", fix };
      }
      const received = jsonType((value as Record<string, unknown>)[name]);
      const expected = "no such property";
      const fix = fixFor({
        ...context,
        kind: "undeclared",
        path,
        expected,
        object: at.owner,
        name,
        received,
      });
      return { operationId, status, kind: "undeclared", path, expected, received, fix };
    }
    const received = jsonType(value);
    const expected = describeSchema(at.slotNode);
    const fix = fixFor({
      ...context,
      kind: "type",
      path: at.path,
      expected,
      slot: at.slot,
      node: at.slotNode,
      received,
    });
    return { operationId, status, kind: "type", path: at.path, expected, received, fix };
  }

  /** Follows references, so that a fix to an object lands in the component that declares it. */
  private resolve(at: Located): Located {
    let current = at;
    const seen = new Set<string>();
    while (current.node.$ref !== undefined && !seen.has(current.node.$ref)) {
      seen.add(current.node.$ref);
      const name = defName(current.node.$ref);
      const target = name === undefined ? undefined : this.file.$defs[name];
      if (name === undefined || !target) break;
      current = { ...current, node: target, owner: { kind: "schema", name, pointer: "" } };
    }
    return current;
  }

  /** The schema node that validates `segment` (a property name or an array index) of `at`. */
  private step(at: Located, segment: string): Located | undefined {
    const { node, owner, path } = at;
    const child = (next: OpenApiSchema, token: string, shown: string): Located => {
      const slot = { ...owner, pointer: `${owner.pointer}/${token}` };
      return this.resolve({
        node: next,
        owner: slot,
        slotNode: next,
        slot,
        path: `${path}${shown}`,
      });
    };
    if (node.items && /^\d+$/.test(segment)) return child(node.items, "items", "[*]");
    const property = node.properties?.[segment];
    if (property) return child(property, `properties/${pointerToken(segment)}`, pathKey(segment));
    if (typeof node.additionalProperties === "object") {
      return child(node.additionalProperties, "additionalProperties", ".*");
    }
    for (const key of ["anyOf", "oneOf", "allOf"] as const) {
      for (const [index, branch] of (node[key] ?? []).entries()) {
        const slot = { ...owner, pointer: `${owner.pointer}/${key}/${index}` };
        const inner = this.step(
          this.resolve({ node: branch, owner: slot, slotNode: branch, slot, path }),
          segment,
        );
        if (inner) return inner;
      }
    }
    return undefined;
  }
}

/**
 * ajv's errors, less those that only repeat another: the branch errors under a failed anyOf/oneOf (the
 * union itself is the mismatch) and the `if` that wraps a nullable composition (its `else` errors say
 * what is wrong).
 */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const unions = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  return errors.filter(
    (error) =>
      error.keyword !== "if" &&
      !unions.some(
        (union) => union !== error && error.schemaPath.startsWith(`${union.schemaPath}/`),
      ),
  );
}

/**
 * ajv, through Node's require at first use: a static import would be hoisted to the top of the
 * CommonJS bundles (which tsup does not split), and load ajv with any module that reaches this one.
 */
function loadAjv(): typeof Ajv {
  return (createRequire(import.meta.url)("ajv") as typeof import("ajv")).Ajv;
}

/** The validator over generated/response-schemas.json. */
export function createValidator(): ResponseValidator {
  return new ResponseValidator(loadResponseSchemas());
}
