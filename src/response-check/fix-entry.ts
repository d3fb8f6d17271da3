// The openapi/fixes.yaml entry that makes a type admit what GitLab sent (see scripts/fixes.ts for the
// format): a JSON Pointer patch to the component schema that declares the value, or to the operation
// when its response schema is inline. Printed as YAML whose scalars are JSON, which YAML reads as is.

import { DEFS_PREFIX, pointerToken, type OpenApiSchema } from "./schemas.js";

/** Where a schema node is declared; `pointer` is relative to that component or operation object. */
export type SchemaOwner =
  | { readonly kind: "schema"; readonly name: string; readonly pointer: string }
  | { readonly kind: "operation"; readonly operationId: string; readonly pointer: string };

export interface FixEntry {
  /** `schemas:` entry (a component) or `operations:` entry (an inline response schema). */
  readonly section: "schemas" | "operations";
  /** The component's name or the operationId. */
  readonly target: string;
  readonly reason: string;
  readonly set: Readonly<Record<string, unknown>>;
}

export type FixRequest = {
  readonly operationId: string;
  readonly status: number;
  readonly version: string;
  readonly path: string;
  readonly expected: string;
} & (
  | {
      /** The value at `path` has another type: patch the slot that declares it. */
      readonly kind: "type";
      readonly slot: SchemaOwner;
      readonly node: OpenApiSchema;
      readonly received: string;
    }
  | {
      /** A required property is absent: patch the object schema's `required`. */
      readonly kind: "missing";
      readonly object: SchemaOwner;
      readonly node: OpenApiSchema;
      readonly name: string;
    }
  | {
      /** A property the object schema does not declare: declare it. */
      readonly kind: "undeclared";
      readonly object: SchemaOwner;
      readonly name: string;
      readonly received: string;
    }
);

const SCALARS = new Set(["string", "integer", "number", "boolean"]);

/** The node as fixes.yaml writes it: references point at components/schemas again. */
function asDocumentSchema(node: OpenApiSchema): OpenApiSchema {
  return JSON.parse(
    JSON.stringify(node).replaceAll(`"${DEFS_PREFIX}`, `"#/components/schemas/`),
  ) as OpenApiSchema;
}

function withoutNullable(node: OpenApiSchema): OpenApiSchema {
  const { nullable: _nullable, ...rest } = node;
  return rest;
}

function schemaOfType(received: string, nullable: boolean): OpenApiSchema {
  if (received === "null") return { nullable: true };
  return { type: received, ...(nullable ? { nullable: true } : {}) };
}

/** The patch to the slot whose value arrived with another type. */
function typePatch(
  node: OpenApiSchema,
  pointer: string,
  received: string,
): Record<string, unknown> {
  const nullable = node.nullable === true;
  if (received === "null") {
    // A reference's siblings are ignored (OpenAPI 3.0, openapi-typescript): wrap it to make it nullable.
    return node.$ref !== undefined
      ? { [pointer]: { allOf: [asDocumentSchema(node)], nullable: true } }
      : { [`${pointer}/nullable`]: true };
  }
  if (received === "array") {
    return {
      [pointer]: {
        type: "array",
        items: asDocumentSchema(withoutNullable(node)),
        ...(nullable ? { nullable: true } : {}),
      },
    };
  }
  if (SCALARS.has(received) && node.type !== undefined && SCALARS.has(node.type)) {
    return { [`${pointer}/type`]: received };
  }
  return { [pointer]: schemaOfType(received, nullable) };
}

export function fixFor(request: FixRequest): FixEntry {
  const owner = request.kind === "type" ? request.slot : request.object;
  let set: Record<string, unknown>;
  let what: string;
  if (request.kind === "type") {
    set = typePatch(request.node, request.slot.pointer, request.received);
    what = `returned ${request.received} at ${request.path}, typed ${request.expected}`;
  } else if (request.kind === "missing") {
    const required = (request.node.required ?? []).filter((name) => name !== request.name);
    set = { [`${request.object.pointer}/required`]: required };
    what = `left out ${request.path}, typed as always present`;
  } else {
    set = {
      [`${request.object.pointer}/properties/${pointerToken(request.name)}`]: schemaOfType(
        request.received,
        false,
      ),
    };
    what = `returned ${request.received} at ${request.path}, which the type does not declare`;
  }
  return {
    section: owner.kind === "schema" ? "schemas" : "operations",
    target: owner.kind === "schema" ? owner.name : owner.operationId,
    reason:
      `${request.operationId} (${request.status}) ${what} (typed-gitlab's response check, ` +
      `GitLab ${request.version} description). Source: <the GitLab docs page or response schema that shows it>`,
    set,
  };
}

/** The entry as a YAML snippet to paste under `schemas:` or `operations:` in openapi/fixes.yaml. */
export function fixEntryYaml(entry: FixEntry): string {
  const key = entry.section === "schemas" ? "schema" : "operationId";
  const lines = [
    `${entry.section}:`,
    `  - ${key}: ${JSON.stringify(entry.target)}`,
    `    reason: ${JSON.stringify(entry.reason)}`,
    "    set:",
    ...Object.entries(entry.set).map(
      ([pointer, value]) => `      ${JSON.stringify(pointer)}: ${JSON.stringify(value)}`,
    ),
  ];
  return lines.join("\n");
}
