// The shape of generated/response-schemas.json (scripts/emit-response-schemas.ts) and how it is read:
// synchronously through Node's require, only by the validator, so nothing pays for its 450 kB unless a
// response check is on. The package exports it as typed-gitlab/response-schemas.json, which resolves
// the same from src/ (tests) and from dist/ (the built package).

import { createRequire } from "node:module";

/** An OpenAPI 3.0 schema object as the generator emits it: only what validation reads. */
export interface OpenApiSchema {
  readonly $ref?: string;
  readonly type?: string;
  readonly nullable?: boolean;
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly required?: readonly string[];
  readonly items?: OpenApiSchema;
  readonly additionalProperties?: boolean | OpenApiSchema;
  readonly anyOf?: readonly OpenApiSchema[];
  readonly oneOf?: readonly OpenApiSchema[];
  readonly allOf?: readonly OpenApiSchema[];
}

export interface ResponseSchemaFile {
  readonly spec: { readonly title: string; readonly version: string; readonly sha256: string };
  /** operationId → HTTP status → schema of the JSON body. */
  readonly operations: Readonly<Record<string, Readonly<Record<string, OpenApiSchema>>>>;
  /** Component schema name → schema; references read `#/$defs/<name>`. */
  readonly $defs: Readonly<Record<string, OpenApiSchema>>;
}

export const SCHEMAS_MODULE = "typed-gitlab/response-schemas.json";
export const DEFS_PREFIX = "#/$defs/";

export function loadResponseSchemas(): ResponseSchemaFile {
  return createRequire(import.meta.url)(SCHEMAS_MODULE) as ResponseSchemaFile;
}

/** A name as one JSON Pointer token. */
export function pointerToken(name: string): string {
  return name.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The component a `$ref` names, or undefined for a reference outside the file. */
export function defName(ref: string): string | undefined {
  if (!ref.startsWith(DEFS_PREFIX)) return undefined;
  return ref.slice(DEFS_PREFIX.length).replace(/~1/g, "/").replace(/~0/g, "~");
}
