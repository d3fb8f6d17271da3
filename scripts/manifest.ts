// generated/manifest.json: the inventory of operations read by api-diff, the CLI (`call <operationId>`)
// and the contract tests. It carries what the runtime and a changelog need, not the documentation.

import { headerLines, type SpecIdentity } from "./header.js";
import { isRecord } from "./openapi.js";
import type { OperationInfo, ParameterInfo, ResponseKind } from "./operations.js";
import { SpecError } from "./spec-source.js";

export interface ManifestOperation {
  readonly operationId: string;
  readonly method: OperationInfo["method"];
  readonly path: string;
  readonly specPath?: string;
  readonly tag: string;
  readonly module: string;
  readonly summary?: string;
  readonly deprecated: boolean;
  readonly lifecycle?: string;
  readonly docsUrl?: string;
  readonly parameters: ParameterInfo[];
  readonly requestBody?: { readonly required: boolean; readonly mediaTypes: string[] };
  readonly responseMediaTypes: string[];
  readonly response: ResponseKind;
  readonly queryArrays?: OperationInfo["queryArrays"];
  readonly paginated: boolean;
}

export interface Manifest {
  readonly "//": string;
  readonly spec: SpecIdentity;
  readonly operationCount: number;
  readonly operations: ManifestOperation[];
}

function manifestOperation(op: OperationInfo): ManifestOperation {
  return {
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    ...(op.specPath === undefined ? {} : { specPath: op.specPath }),
    tag: op.tag,
    module: op.module,
    ...(op.summary === undefined ? {} : { summary: op.summary }),
    deprecated: op.deprecated,
    ...(op.lifecycle === undefined ? {} : { lifecycle: op.lifecycle }),
    ...(op.docsUrl === undefined ? {} : { docsUrl: op.docsUrl }),
    parameters: op.parameters,
    ...(op.requestBody
      ? {
          requestBody: { required: op.requestBody.required, mediaTypes: op.requestBody.mediaTypes },
        }
      : {}),
    responseMediaTypes: op.responseMediaTypes,
    response: op.response,
    ...(Object.keys(op.queryArrays).length > 0 ? { queryArrays: op.queryArrays } : {}),
    paginated: op.paginated,
  };
}

export function buildManifest(spec: SpecIdentity, operations: readonly OperationInfo[]): Manifest {
  return {
    "//": headerLines(spec).join(" "),
    spec: { title: spec.title, version: spec.version, sha256: spec.sha256 },
    operationCount: operations.length,
    operations: operations.map(manifestOperation),
  };
}

/** One operation per line: compact, and a diff still shows which operations changed. */
export function manifestJson(manifest: Manifest): string {
  const { operations, ...rest } = manifest;
  const head = JSON.stringify(rest, null, 2).replace(/\n}$/, "");
  const lines = operations.map((op) => `    ${JSON.stringify(op)}`).join(",\n");
  return `${head},\n  "operations": [\n${lines}\n  ]\n}\n`;
}

/** Reads a manifest written by buildManifest, checking only what api-diff relies on. */
export function parseManifest(text: string, file: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new SpecError(`${file} is not valid JSON`);
  }
  if (!isRecord(data) || !isRecord(data.spec) || !Array.isArray(data.operations)) {
    throw new SpecError(`${file} is not a generated manifest (no spec or operations)`);
  }
  for (const op of data.operations) {
    if (!isRecord(op) || typeof op.operationId !== "string" || !Array.isArray(op.parameters)) {
      throw new SpecError(`${file} has an operation without operationId or parameters`);
    }
  }
  return data as unknown as Manifest;
}
