// One module of endpoint functions per tag, plus the index re-exporting them. Each endpoint is data
// handed to endpoint() from src/endpoint.ts, marked pure so bundlers drop whatever is not imported,
// and typed by annotation, so that its declaration names the operation type instead of repeating it.

import type { OperationMeta } from "../src/endpoint.js";
import { endpointJsDoc } from "./jsdoc.js";
import type { OperationInfo } from "./operations.js";

function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

export function operationMeta(op: OperationInfo): OperationMeta {
  const arrays = Object.entries(op.queryArrays);
  return {
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    ...(op.requestBody ? { requestBody: op.requestBody.send } : {}),
    ...(arrays.length > 0 ? { queryArrays: op.queryArrays } : {}),
    // JSON is the runtime's default, so only the other decodings are spelled out.
    ...(op.response === "text" || op.response === "binary" ? { response: op.response } : {}),
  };
}

function metaLiteral(meta: OperationMeta): string {
  const lines = Object.entries(meta).map(([key, value]) => {
    const text =
      typeof value === "object" && value !== null
        ? `{ ${Object.entries(value as Record<string, string>)
            .map(([name, style]) => `${propertyKey(name)}: ${JSON.stringify(style)}`)
            .join(", ")} }`
        : JSON.stringify(value);
    return `  ${key}: ${text},`;
  });
  return `{\n${lines.join("\n")}\n}`;
}

export function emitEndpointModule(
  module: string,
  ops: readonly OperationInfo[],
  header: string,
): string {
  const endpoints = ops.map(
    (op) =>
      // The annotation keeps the declaration one line: inferred, tsc would inline the whole operation type.
      `${endpointJsDoc(op)}\nexport const ${op.operationId}: Endpoint<operations[${JSON.stringify(op.operationId)}]> = /* @__PURE__ */ endpoint(${metaLiteral(operationMeta(op))});\n`,
  );
  return [
    header,
    `import { endpoint, type Endpoint } from "../../src/endpoint.js";`,
    `import type { operations } from "../types/${module}.js";`,
    "",
    endpoints.join("\n"),
  ].join("\n");
}

export function emitIndex(modules: readonly string[], header: string): string {
  return [header, ...modules.map((module) => `export * from "./endpoints/${module}.js";`), ""].join(
    "\n",
  );
}
