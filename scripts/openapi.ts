// The slice of OpenAPI 3.0 the generator reads. Documents come from outside, so every field is optional
// and unknown extras are kept: the patched document must round-trip everything we do not touch.

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  description?: string;
  [extension: string]: unknown;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  description?: string;
  schema?: Schema;
  style?: string;
  explode?: boolean;
  [extension: string]: unknown;
}

export interface MediaType {
  schema?: Schema;
  [extension: string]: unknown;
}

export interface RequestBody {
  required?: boolean;
  content?: Record<string, MediaType>;
  [extension: string]: unknown;
}

export interface Response {
  description?: string;
  content?: Record<string, MediaType>;
  [extension: string]: unknown;
}

export interface ExternalDocs {
  url: string;
  description?: string;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  externalDocs?: ExternalDocs;
  parameters?: Parameter[];
  requestBody?: RequestBody;
  responses?: Record<string, Response>;
  [extension: string]: unknown;
}

export const HTTP_METHODS = ["get", "post", "put", "patch", "delete", "head"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type PathItem = { [M in HttpMethod]?: Operation } & {
  parameters?: Parameter[];
  [extension: string]: unknown;
};

export interface Tag {
  name: string;
  description?: string;
  externalDocs?: ExternalDocs;
  [extension: string]: unknown;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title?: string; version?: string; [extension: string]: unknown };
  tags?: Tag[];
  paths: Record<string, PathItem>;
  components?: { schemas?: Record<string, Schema>; [extension: string]: unknown };
  [extension: string]: unknown;
}

export interface OperationRef {
  path: string;
  method: HttpMethod;
  operation: Operation;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every operation in document order (path order, then the order of HTTP_METHODS). */
export function listOperations(doc: OpenApiDocument): OperationRef[] {
  const result: OperationRef[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation) result.push({ path, method, operation });
    }
  }
  return result;
}

/** Follows a local `#/components/schemas/...` reference; other references are returned unresolved. */
export function resolveSchema(
  doc: OpenApiDocument,
  schema: Schema | undefined,
): Schema | undefined {
  const seen = new Set<string>();
  let current = schema;
  while (current?.$ref !== undefined && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    const name = componentSchemaName(current.$ref);
    const target = name === undefined ? undefined : doc.components?.schemas?.[name];
    if (!target) return current;
    current = target;
  }
  return current;
}

export function componentSchemaName(ref: string): string | undefined {
  const prefix = "#/components/schemas/";
  return ref.startsWith(prefix) ? decodePointerToken(ref.slice(prefix.length)) : undefined;
}

function decodePointerToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Calls `visit` on every object in the tree (depth first, keys in insertion order). */
export function walkObjects(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walkObjects(item, visit);
  } else if (isRecord(value)) {
    visit(value);
    for (const child of Object.values(value)) walkObjects(child, visit);
  }
}

/** Names of the component schemas `roots` reference, directly or through other component schemas. */
export function referencedSchemas(doc: OpenApiDocument, roots: unknown[]): Set<string> {
  const found = new Set<string>();
  const pending: unknown[] = [...roots];
  while (pending.length > 0) {
    walkObjects(pending.pop(), (node) => {
      if (typeof node.$ref !== "string") return;
      const name = componentSchemaName(node.$ref);
      if (name === undefined || found.has(name)) return;
      found.add(name);
      pending.push(doc.components?.schemas?.[name]);
    });
  }
  return found;
}
