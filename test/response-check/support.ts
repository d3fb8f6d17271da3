import type { OpenApiSchema, ResponseSchemaFile } from "../../src/response-check/schemas.js";
import { defName } from "../../src/response-check/schemas.js";

/**
 * A body that fits `schema`: every declared property present with a value of its type, one item per
 * array. Past `depth` levels optional properties are left out, so recursive entities end.
 */
export function sampleOf(file: ResponseSchemaFile, schema: OpenApiSchema, depth = 0): unknown {
  if (schema.$ref !== undefined) {
    const target = file.$defs[defName(schema.$ref) ?? ""];
    if (!target) throw new Error(`dangling reference ${schema.$ref}`);
    return sampleOf(file, target, depth);
  }
  const branch = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (branch) return sampleOf(file, branch, depth);
  if (schema.allOf) {
    return Object.assign({}, ...schema.allOf.map((part) => sampleOf(file, part, depth)));
  }
  switch (schema.type) {
    case "string":
      return "text";
    case "integer":
      return 7;
    case "number":
      return 1.5;
    case "boolean":
      return true;
    case "array":
      return depth > 4 ? [] : [sampleOf(file, schema.items ?? {}, depth + 1)];
  }
  if (!schema.properties) return {};
  const required = new Set(schema.required ?? []);
  return Object.fromEntries(
    Object.entries(schema.properties)
      .filter(([name]) => depth < 4 || required.has(name))
      .map(([name, property]) => [name, sampleOf(file, property, depth + 1)]),
  );
}
