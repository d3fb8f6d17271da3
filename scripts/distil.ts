// Maps GitLab's evidence onto the spec's places and distils it into facts. A schema or example is
// mapped to a spec schema by the operation it describes (an evidence set's entities.json) or, for
// schemas GitLab's repository holds without such a mapping, to the response component whose property
// set it overlaps most. From there the walk follows both trees side by side: a property's `$ref` in the
// spec moves the facts to that component, so `merge_request.json`'s milestone lands on
// APIEntitiesMilestone whichever schema reached it.

import { createHash } from "node:crypto";
import {
  factKey,
  type EntityFact,
  OPERATION_TARGET,
  type Fact,
  type FactsFile,
  type FactType,
  type Source,
} from "./facts.js";
import type { GitlabEvidence, Sample } from "./gitlab-evidence.js";
import { withInherited } from "./grape-entities.js";
import {
  exampleSchema,
  readNode,
  toOpenApi,
  type GitlabNode,
  type Reading,
  type SchemaLookup,
} from "./gitlab-schema.js";
import {
  componentSchemaName,
  isRecord,
  listOperations,
  referencedSchemas,
  type OpenApiDocument,
  type Operation,
  type Schema,
} from "./openapi.js";
import { compareStrings } from "./order.js";

interface Place {
  readonly target: string;
  readonly path: string;
}

interface Observation {
  readonly array?: boolean;
  readonly nullable?: boolean;
  readonly required?: boolean;
  readonly type?: FactType;
  readonly shape?: Schema;
  readonly fromExample: boolean;
  readonly source: string;
}

function child(place: Place, name: string): Place {
  return { target: place.target, path: place.path === "" ? name : `${place.path}.${name}` };
}

function itemsOf(place: Place): Place {
  return { target: place.target, path: `${place.path}[]` };
}

const SUCCESS = /^2\d\d$/;

export function successSchemaHolder(operation: Operation): { schema?: Schema } | undefined {
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    if (!SUCCESS.test(status)) continue;
    const media = response.content?.["application/json"];
    if (media) return media;
    if (response.content === undefined) return {};
  }
  return undefined;
}

/** The spec node at a place, following `$ref`s (and single-branch allOf) to the component they name. */
function specAt(
  doc: OpenApiDocument,
  schema: Schema | undefined,
  place: Place,
): { node?: Schema; place: Place } {
  let node = schema;
  let at = place;
  for (let hops = 0; node && hops < 10; hops++) {
    const ref = node.$ref ?? (node.allOf?.length === 1 ? node.allOf[0]?.$ref : undefined);
    const name = ref === undefined ? undefined : componentSchemaName(ref);
    if (name === undefined) break;
    node = doc.components?.schemas?.[name];
    at = { target: name, path: "" };
  }
  return { node, place: at };
}

function scalarType(reading: Reading): FactType | undefined {
  const types = [...reading.types];
  return types.length === 1 && types[0] !== "array" ? types[0] : undefined;
}

class Distiller {
  readonly observations = new Map<string, { place: Place; seen: Observation[] }>();

  constructor(
    private readonly doc: OpenApiDocument,
    private readonly lookup: SchemaLookup,
  ) {}

  record(place: Place, observation: Observation): void {
    const key = factKey(place.target, place.path);
    const entry = this.observations.get(key) ?? { place, seen: [] };
    entry.seen.push(observation);
    this.observations.set(key, entry);
  }

  /** Walks GitLab node `g` against spec node `schema` sitting at `place`. */
  descend(
    g: GitlabNode,
    schema: Schema | undefined,
    place: Place,
    source: string,
    depth = 0,
  ): void {
    if (depth > 12) return;
    const reading = readNode(g, this.lookup);
    let spec = specAt(this.doc, schema, place);
    let gitlab = reading;
    if (reading.types.has("array") && reading.types.size === 1) {
      if (!reading.items) return;
      if (spec.node?.type === "array")
        spec = specAt(this.doc, spec.node.items, itemsOf(spec.place));
      gitlab = readNode(reading.items, this.lookup);
      g = reading.items;
    }
    if (!gitlab.properties) return;
    const specNode = spec.node;
    if (specNode === undefined || specNode.properties === undefined) {
      // The spec has no shape here (no schema, or an object without properties): GitLab's is the fact.
      if (specNode?.additionalProperties !== undefined && specNode.additionalProperties !== true)
        return;
      const shape = toOpenApi(g, this.lookup);
      this.record(spec.place, { shape, fromExample: isExample(g), source });
      this.descendProperties(gitlab, shape, spec.place, source, depth);
      return;
    }
    this.descendProperties(gitlab, specNode, spec.place, source, depth);
  }

  /**
   * Whether the spec has no usable shape where GitLab has one: no property at all, or a scalar, an
   * untyped value or a scalar list where GitLab sends objects with properties.
   */
  lacksShape(declared: Schema | undefined, gitlab: Reading): boolean {
    if (declared === undefined) return true;
    if (!gitlab.properties) return false;
    let node = specAt(this.doc, declared, { target: "", path: "" }).node;
    if (node?.type === "array") node = specAt(this.doc, node.items, { target: "", path: "" }).node;
    return (
      node === undefined ||
      (node.properties === undefined && node.additionalProperties === undefined)
    );
  }

  descendProperties(
    gitlab: Reading,
    spec: Schema,
    place: Place,
    source: string,
    depth: number,
  ): void {
    for (const [name, node] of gitlab.properties ?? []) {
      const at = child(place, name);
      const reading = readNode(node, this.lookup);
      const isList = reading.types.has("array") && reading.types.size === 1;
      const items = isList && reading.items ? readNode(reading.items, this.lookup) : undefined;
      const declared = spec.properties?.[name];
      const observation: Observation = {
        ...(reading.types.size > 0 ? { array: isList } : {}),
        ...(reading.nullable === undefined ? {} : { nullable: reading.nullable }),
        ...(gitlab.required ? { required: gitlab.required.has(name) } : {}),
        ...((items ? scalarType(items) : scalarType(reading)) === undefined
          ? {}
          : { type: items ? scalarType(items) : scalarType(reading) }),
        ...(this.lacksShape(declared, items ?? reading)
          ? { shape: toOpenApi(node, this.lookup) }
          : {}),
        fromExample: isExample(node),
        source,
      };
      this.record(at, observation);
      this.descend(node, observation.shape ?? declared, at, source, depth + 1);
    }
  }
}

function isExample(g: GitlabNode): boolean {
  return isRecord(g.node) && g.node["x-example"] === true;
}

function agreed<T>(values: readonly (T | undefined)[]): T | undefined {
  const present = [...new Set(values.filter((v): v is T => v !== undefined))];
  return present.length === 1 ? present[0] : undefined;
}

function mergeType(values: readonly (FactType | undefined)[]): FactType | undefined {
  const present = new Set(values.filter((v) => v !== undefined));
  if (present.size === 2 && present.has("integer") && present.has("number")) return "number";
  return agreed([...present]);
}

/** One fact from everything seen at a place: null if anything shows null; required if a schema requires it. */
function merge(place: Place, seen: readonly Observation[]): Fact {
  const schemas = seen.filter((o) => !o.fromExample);
  const arrays = (schemas.length > 0 ? schemas : seen).map((o) => o.array);
  const nullable = seen.some((o) => o.nullable === true)
    ? true
    : schemas.some((o) => o.nullable === false)
      ? false
      : undefined;
  const required = schemas.some((o) => o.required === true)
    ? true
    : schemas.some((o) => o.required === false)
      ? false
      : undefined;
  const array = agreed(arrays);
  const type = mergeType((schemas.length > 0 ? schemas : seen).map((o) => o.type));
  const shapes = (schemas.some((o) => o.shape) ? schemas : seen).flatMap((o) =>
    o.shape ? [o.shape] : [],
  );
  const shape = shapes.length === 0 ? undefined : shapes.reduce(mergeShapes);
  return {
    target: place.target,
    path: place.path,
    ...(array === undefined ? {} : { array }),
    ...(nullable === undefined ? {} : { nullable }),
    ...(required === undefined ? {} : { required }),
    ...(type === undefined ? {} : { type }),
    ...(shape === undefined ? {} : { shape }),
    sources: [...new Set(seen.map((o) => o.source))].sort(compareStrings),
  };
}

/**
 * Two schemas GitLab gives for one place: an object with the properties of both (required where
 * both require), else the first.
 */
function mergeShapes(a: Schema, b: Schema): Schema {
  if (a.type === "array" && b.type === "array" && a.items && b.items) {
    return { ...a, items: mergeShapes(a.items, b.items) };
  }
  if (a.type !== "object" || b.type !== "object") return a;
  const properties = { ...(b.properties ?? {}) };
  for (const [name, property] of Object.entries(a.properties ?? {})) {
    const other = properties[name];
    properties[name] = other ? mergeShapes(property, other) : property;
  }
  const required = (a.required ?? []).filter((name) => b.required?.includes(name));
  const merged: Schema = { ...a, properties };
  if (required.length > 0) merged.required = required;
  else delete merged.required;
  return merged;
}

/** Property names of the top object a GitLab schema describes (a list's items for a list). */
function topProperties(g: GitlabNode, lookup: SchemaLookup): Set<string> {
  let reading = readNode(g, lookup);
  if (reading.types.has("array") && reading.items) reading = readNode(reading.items, lookup);
  return new Set(reading.properties?.keys() ?? []);
}

function camel(path: string): string {
  return path
    .replace(/\.json$/, "")
    .split(/[/_]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

/**
 * The response component a schema without an operation mapping describes: the one holding most of its
 * properties, then the closest in size, a name match breaking near-ties. Undefined when no component
 * holds enough of them to be the same entity.
 */
export function matchComponent(
  gitlabPath: string,
  names: ReadonlySet<string>,
  components: ReadonlyMap<string, ReadonlySet<string>>,
): string | undefined {
  if (names.size < 2) return undefined;
  const [parent = "", file = ""] = gitlabPath.split("/").slice(-2);
  const leaf = camel(file);
  // user/basic.json is UserBasic; public_api/v4/issue.json is Issue.
  const stem = /^(v\d+|schemas)$/.test(parent) ? leaf : camel(`${parent}_${file}`);
  let best: { name: string; score: number; contained: number } | undefined;
  for (const [name, props] of components) {
    const shared = [...names].filter((n) => props.has(n)).length;
    if (shared < Math.min(3, names.size)) continue;
    const contained = shared / names.size;
    const jaccard = shared / (names.size + props.size - shared);
    const named = name.endsWith(stem) || name.endsWith(leaf) ? 0.1 : name.includes(leaf) ? 0.05 : 0;
    const score = 0.8 * contained + 0.2 * jaccard + named;
    if (
      !best ||
      score > best.score ||
      (score === best.score && compareStrings(name, best.name) < 0)
    ) {
      best = { name, score, contained };
    }
  }
  return best && best.contained >= 0.6 ? best.name : undefined;
}

function refsOf(node: unknown, file: string, into: Set<string>): void {
  if (Array.isArray(node)) for (const item of node) refsOf(item, file, into);
  else if (isRecord(node)) {
    if (typeof node.$ref === "string") {
      const [target = ""] = node.$ref.split("#");
      if (target !== "") into.add(posixJoin(file, target));
    }
    for (const value of Object.values(node)) refsOf(value, file, into);
  }
}

function posixJoin(from: string, ref: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const part of ref.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

/**
 * Held out from facts, to measure how the rules do on GitLab schemas the generator never saw: a
 * deterministic third of the repository's schemas outside the curated starting set that no other
 * schema references (a referenced one would leak into the facts through the referring schema).
 */
export function isHeldOut(
  gitlabPath: string,
  curated: boolean,
  referenced: ReadonlySet<string>,
): boolean {
  if (curated || referenced.has(gitlabPath)) return false;
  return (createHash("sha256").update(gitlabPath).digest()[0] ?? 0) % 3 === 0;
}

export interface Distilled {
  readonly facts: FactsFile;
  readonly heldOut: FactsFile;
  readonly unmatched: readonly string[];
}

export function distil(doc: OpenApiDocument, evidence: GitlabEvidence): Distilled {
  const lookup: SchemaLookup = (path) => evidence.schemas.get(path)?.json;
  const training = new Distiller(doc, lookup);
  const holdout = new Distiller(doc, lookup);
  const operations = new Map(
    listOperations(doc).map((ref) => [ref.operation.operationId ?? "", ref.operation]),
  );

  const referenced = new Set<string>();
  for (const [path, file] of evidence.schemas) refsOf(file.json, path, referenced);

  const rootFor = (op: string): { schema: Schema | undefined; place: Place } | undefined => {
    const operation = operations.get(op);
    const holder = operation && successSchemaHolder(operation);
    return holder && { schema: holder.schema, place: { target: OPERATION_TARGET + op, path: "" } };
  };

  const mapped = new Set<string>();
  for (const sample of evidence.samples) {
    const root = rootFor(sample.op);
    if (!root) continue;
    const g = sampleNode(sample);
    const source = sample.kind === "schema" ? sample.schema : sample.source;
    if (sample.kind === "schema") mapped.add(sample.schema);
    const wrapped = sample.kind === "schema" && sample.wrap === "array";
    if (wrapped && root.schema?.type === "array") {
      training.descend(g, root.schema.items, itemsOf(root.place), source);
    } else if (wrapped) {
      training.descend(
        { node: { type: "array", items: g.node }, file: g.file },
        root.schema,
        root.place,
        source,
      );
    } else {
      training.descend(g, root.schema, root.place, source);
    }
  }

  const responseComponents = referencedSchemas(
    doc,
    [...operations.values()].map((operation) => successSchemaHolder(operation)?.schema),
  );
  const components = new Map(
    [...responseComponents]
      .sort(compareStrings)
      .map(
        (name) =>
          [name, new Set(Object.keys(doc.components?.schemas?.[name]?.properties ?? {}))] as const,
      ),
  );
  const unmatched: string[] = [];
  for (const [path, file] of [...evidence.schemas].sort(([a], [b]) => compareStrings(a, b))) {
    if (mapped.has(path)) continue;
    const g = { node: file.json, file: path };
    const component = matchComponent(path, topProperties(g, lookup), components);
    if (component === undefined) {
      if (!referenced.has(path)) unmatched.push(path);
      continue;
    }
    const into = isHeldOut(path, file.curated, referenced) ? holdout : training;
    into.descend(
      g,
      { $ref: `#/components/schemas/${component}` },
      { target: component, path: "" },
      path,
    );
  }

  const entities = grapeEntityFacts(doc, evidence, responseComponents, training);

  const sources = (distiller: Distiller): FactsFile => {
    const facts = [...distiller.observations.values()].map(({ place, seen }) => merge(place, seen));
    const used = new Set(facts.flatMap((fact) => fact.sources));
    const described: Record<string, Source> = {};
    for (const path of used) {
      const source = evidence.schemas.get(path)?.source ?? evidence.documents.get(path);
      if (source) described[path] = source;
    }
    return { sources: described, facts };
  };
  return { facts: { ...sources(training), entities }, heldOut: sources(holdout), unmatched };
}

/**
 * Grape entities: which exposures are conditional, which are lists. They render the responses, so
 * they describe the component they name, and a component whose properties contain all of a known
 * entity's (a subclass: ProjectWithAccess extends Project) for the properties they share.
 */
function grapeEntityFacts(
  doc: OpenApiDocument,
  evidence: GitlabEvidence,
  responseComponents: ReadonlySet<string>,
  training: Distiller,
): Record<string, EntityFact> {
  const exposuresOf = withInherited(evidence.entities);
  const files = new Map(evidence.entities.map((entity) => [entity.component, entity.file]));
  const propsOf = (name: string) => Object.keys(doc.components?.schemas?.[name]?.properties ?? {});
  const known = [...exposuresOf.keys()]
    .filter((name) => responseComponents.has(name) && propsOf(name).length > 0)
    .sort(compareStrings);
  const entities: Record<string, EntityFact> = {};
  for (const target of [...responseComponents].sort(compareStrings)) {
    const props = new Set(propsOf(target));
    const base = known.includes(target)
      ? target
      : known
          .filter((name) => propsOf(name).length >= 5 && propsOf(name).every((p) => props.has(p)))
          .sort((a, b) => propsOf(b).length - propsOf(a).length || compareStrings(a, b))[0];
    const exposures = base === undefined ? undefined : exposuresOf.get(base);
    if (base === undefined || !exposures) continue;
    const baseProps = new Set(propsOf(base));
    entities[target] = {
      entity: base,
      source: files.get(base) ?? "",
      exposes: [...exposures.keys()].filter((name) => !name.includes(".")).sort(compareStrings),
    };
    for (const exposure of exposures.values()) {
      if (!baseProps.has(exposure.name.split(".")[0] ?? "")) continue;
      if (exposure.name.includes(".") && !declaresPath(doc, target, exposure.name)) continue;
      training.record(
        { target, path: exposure.name },
        {
          required: !exposure.conditional,
          ...(exposure.array ? { array: true } : {}),
          ...(exposure.entity ? { type: "object" as const } : {}),
          fromExample: false,
          source: exposure.file,
        },
      );
    }
  }
  return entities;
}

/** Whether a component declares an inline nested property (`project.ci_job_token_scope_enabled`). */
function declaresPath(doc: OpenApiDocument, component: string, path: string): boolean {
  let node: Schema | undefined = doc.components?.schemas?.[component];
  for (const name of path.split(".")) node = node?.properties?.[name];
  return node !== undefined;
}

function sampleNode(sample: Sample): GitlabNode {
  if (sample.kind === "schema")
    return { node: { $ref: sample.schema.split("/").pop() }, file: sample.schema };
  const value =
    sample.take === undefined || !Array.isArray(sample.example)
      ? sample.example
      : sample.example[sample.take];
  return { node: exampleSchema([value]), file: sample.source };
}
