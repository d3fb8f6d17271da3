import type { Endpoint } from "../index.js";

/** What the CLI reads of one operation in generated/manifest.json (see scripts/manifest.ts). */
export interface OperationParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie" | "body";
  required: boolean;
  /** Compact type: `integer`, `string[]`, `integer|string`, `binary`, a schema name… */
  type: string;
  enum?: string[];
}

export interface ManifestOperation {
  operationId: string;
  method: string;
  path: string;
  tag: string;
  summary?: string;
  deprecated: boolean;
  docsUrl?: string;
  parameters: OperationParameter[];
  requestBody?: { required: boolean; mediaTypes: string[] };
  paginated: boolean;
}

/**
 * The shape every generated operation fits, for calling one chosen at run time: the manifest, not
 * the type system, checks its parameters.
 */
export interface DynamicOperation {
  parameters: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  requestBody?: { content: { "application/json": Record<string, unknown> } };
  responses: { 200: { content: { "application/json": unknown } } };
}

/** A dynamic operation the manifest marks as a paginated list. */
export interface DynamicListOperation extends Omit<DynamicOperation, "responses"> {
  responses: { 200: { content: { "application/json": unknown[] } } };
}

let manifest: Promise<ManifestOperation[]> | undefined;

/** Loaded on first use: the manifest is large and only `ops` and `call` need it. */
export function loadOperations(): Promise<ManifestOperation[]> {
  manifest ??= import("../../generated/manifest.json", { with: { type: "json" } }).then(
    (module: { default: unknown }) => checkManifest(module.default),
  );
  return manifest;
}

function checkManifest(data: unknown): ManifestOperation[] {
  const operations = (data as { operations?: unknown } | null)?.operations;
  const valid =
    Array.isArray(operations) &&
    operations.every(
      (op: Partial<ManifestOperation> | null) =>
        typeof op?.operationId === "string" &&
        typeof op.method === "string" &&
        typeof op.path === "string" &&
        Array.isArray(op.parameters),
    );
  // A broken manifest is a build problem, not the user's: say where to look.
  if (!valid) throw new Error("generated/manifest.json is malformed; run npm run generate");
  return operations as ManifestOperation[];
}

/** The generated endpoint function, loaded with the rest of the generated layer. */
export async function loadEndpoint(operationId: string): Promise<Endpoint<DynamicOperation>> {
  const endpoints: Record<string, unknown> = await import("../../generated/index.js");
  const fn = endpoints[operationId];
  if (typeof fn !== "function" || !("meta" in fn))
    throw new Error(`${operationId} is in the manifest but not in generated/index.ts`);
  return fn as Endpoint<DynamicOperation>;
}
