// From a loaded, patched spec to the full contents of generated/, in memory. Nothing here touches the
// file system, so a failure anywhere leaves the previous output in place.

import { emitEndpointModule, emitIndex } from "./emit-endpoints.js";
import { buildResponseSchemas, responseSchemasJson } from "./emit-response-schemas.js";
import { emitTypes } from "./emit-types.js";
import { headerLines, tsHeader } from "./header.js";
import type { LintEntry } from "./lint.js";
import { buildManifest, manifestJson } from "./manifest.js";
import { collectOperations, type OperationInfo } from "./operations.js";
import { compareStrings } from "./order.js";
import type { LoadedSpec } from "./spec.js";
import { accuracyReport } from "./type-accuracy.js";

export interface Generated {
  readonly tree: ReadonlyMap<string, string>;
  readonly operations: readonly OperationInfo[];
  readonly modules: readonly string[];
  readonly lint: readonly LintEntry[];
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export async function generateTree(spec: LoadedSpec): Promise<Generated> {
  const identity = { title: spec.title, version: spec.version, sha256: spec.sha256 };
  const header = tsHeader(identity);
  const operations = collectOperations(spec.document, spec.lint);

  const byModule = new Map<string, OperationInfo[]>();
  for (const op of operations) {
    const list = byModule.get(op.module) ?? [];
    list.push(op);
    byModule.set(op.module, list);
  }
  const modules = [...byModule.keys()].sort(compareStrings);
  const sortedModules = new Map(modules.map((module) => [module, byModule.get(module) ?? []]));

  const types = await emitTypes(spec.document, sortedModules, header);
  const lint = spec.lint.entries();
  const tree = new Map<string, string>();
  tree.set("index.ts", emitIndex(modules, header));
  for (const [module, ops] of sortedModules) {
    tree.set(`endpoints/${module}.ts`, emitEndpointModule(module, ops, header));
    tree.set(`types/${module}.ts`, types.modules.get(module) ?? "");
  }
  tree.set("paths.ts", types.paths);
  tree.set("manifest.json", manifestJson(buildManifest(identity, operations)));
  tree.set(
    "response-schemas.json",
    responseSchemasJson(buildResponseSchemas(identity, spec.document, operations)),
  );
  tree.set(
    "spec-lint.json",
    json({
      "//": headerLines(identity).join(" "),
      spec: identity,
      lint: lint.map(({ kind, action, count, description, examples, confirmed, contradicted }) => ({
        kind,
        action,
        count,
        description,
        examples,
        ...(confirmed === undefined ? {} : { confirmed, contradicted }),
      })),
    }),
  );
  if (spec.evidence) {
    tree.set(
      "type-accuracy.json",
      json({
        "//": `${headerLines(identity).join(" ")} Response types compared with GitLab's evidence (docs/generator.md).`,
        spec: identity,
        ...accuracyReport(spec.document, spec.evidence),
      }),
    );
  }
  return { tree, operations, modules, lint };
}
