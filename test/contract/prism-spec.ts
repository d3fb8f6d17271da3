// The document Prism serves: the patched spec (scripts/spec.ts, exactly what the generator reads), with
// adaptations for Prism's own limits. Each adaptation only narrows a schema, so a request Prism accepts
// against the adapted document is also valid against the patched one; none widens what passes.

import { join } from "node:path";
import { loadSpec, writePatchedSpec, type LoadedSpec } from "../../scripts/spec.js";
import {
  resolveSchema,
  type OpenApiDocument,
  type Parameter,
  type Schema,
} from "../../scripts/openapi.js";

export interface ServedSpec {
  readonly spec: LoadedSpec;
  readonly file: string;
  /** What adaptForPrism changed, for the report. */
  readonly adaptations: Adaptations;
}

type Method = "get" | "post" | "put" | "patch" | "delete" | "head";
const METHODS: readonly Method[] = ["get", "post", "put", "patch", "delete", "head"];

export interface Adaptations {
  /** Array/object query parameters whose `nullable` was dropped. */
  nullableDropped: number;
  /** Query parameters whose anyOf of arrays became its first branch. */
  arrayAnyOfNarrowed: number;
  /** `name[key]` query parameters folded into a deepObject parameter `name`. */
  bracketNamesFolded: number;
}

/**
 * Prism's OpenAPI reader turns `nullable: true` into `type: [T, "null"]`, and its query deserializers
 * then no longer recognize an array (`labels=a,b` stays the string "a,b": "must be array,null") or an
 * object (deepObject). A query string cannot carry null anyway (the client leaves null out), so
 * dropping `nullable` on array and object query parameters changes nothing a request can express.
 */
function dropNullable(parameter: Parameter, counts: Adaptations): void {
  const schema = parameter.schema;
  if (schema?.nullable === true && (schema.type === "array" || schema.type === "object")) {
    delete schema.nullable;
    counts.nullableDropped++;
  }
}

/**
 * Prism splits a query value into an array only when the schema's `type` is array, so an anyOf whose
 * branches are all arrays (`identifiers`: integer[] or string[]) is never read as one. Its first
 * branch accepts a subset of what the anyOf accepts.
 */
function narrowArrayAnyOf(doc: OpenApiDocument, parameter: Parameter, counts: Adaptations): void {
  const branches = parameter.schema?.anyOf;
  if (branches === undefined || branches.length === 0) return;
  const resolved = branches.map((b) => resolveSchema(doc, b));
  if (!resolved.every((b) => b?.type === "array")) return;
  const { nullable: _nullable, ...first } = resolved[0] as Schema;
  parameter.schema = first;
  counts.arrayAnyOfNarrowed++;
}

/**
 * Prism never matches a query parameter whose name holds brackets (`range[start]`): it keys it
 * percent-encoded, so a required one is always "missing" and an optional one is never validated. The
 * same key is what OpenAPI's deepObject style describes (`range[start]=1` is property `start` of the
 * deepObject `range`), and Prism reads that, so scalar `name[key]` parameters become properties of a
 * deepObject parameter `name`, required when they were. Arrays stay: the client sends `name[key][]=v`,
 * which is Rack's form and no OpenAPI style (deepObject arrays would be `name[key][0]=v`).
 */
function foldBracketNames(
  doc: OpenApiDocument,
  parameters: Parameter[],
  counts: Adaptations,
): Parameter[] {
  const kept: Parameter[] = [];
  const folded: { base: string; key: string; parameter: Parameter }[] = [];
  for (const parameter of parameters) {
    const match = /^([^[\]]+)\[([^[\]]+)\]$/.exec(parameter.name);
    const schema = resolveSchema(doc, parameter.schema);
    const branches = [schema, ...(schema?.anyOf ?? []).map((b) => resolveSchema(doc, b))];
    if (parameter.in === "query" && match !== null && !branches.some((b) => b?.type === "array")) {
      folded.push({ base: match[1] as string, key: match[2] as string, parameter });
    } else kept.push(parameter);
  }
  for (const { base, key, parameter } of folded) {
    let target = kept.find((p) => p.in === "query" && p.name === base);
    if (target === undefined) {
      target = {
        name: base,
        in: "query",
        style: "deepObject",
        explode: true,
        schema: { type: "object" },
      };
      kept.push(target);
    }
    const schema: Schema = { ...target.schema, type: "object" };
    delete schema.nullable;
    schema.properties = { ...schema.properties, [key]: parameter.schema ?? { type: "string" } };
    if (parameter.required === true) {
      schema.required = [...(schema.required ?? []), key];
      target.required = true;
    }
    target.schema = schema;
    target.style = "deepObject";
    target.explode = true;
    counts.bracketNamesFolded++;
  }
  return kept;
}

function adaptForPrism(doc: OpenApiDocument): Adaptations {
  const counts: Adaptations = { nullableDropped: 0, arrayAnyOfNarrowed: 0, bracketNamesFolded: 0 };
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation?.parameters === undefined) continue;
      operation.parameters = foldBracketNames(doc, operation.parameters, counts);
      for (const parameter of operation.parameters) {
        if (parameter.in !== "query") continue;
        dropNullable(parameter, counts);
        narrowArrayAnyOf(doc, parameter, counts);
      }
    }
  }
  return counts;
}

/** Loads and patches the pinned spec, adapts it for Prism, and writes it as JSON into `dir`. */
export async function writeServedSpec(dir: string): Promise<ServedSpec> {
  const spec = await loadSpec();
  const adaptations = adaptForPrism(spec.document);
  const file = join(dir, "gitlab-openapi.prism.json");
  await writePatchedSpec(spec, file);
  return { spec, file, adaptations };
}
