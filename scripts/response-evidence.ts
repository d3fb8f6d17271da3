// The evidence stage: after openapi/fixes.yaml, response schemas get what GitLab's evidence
// (openapi/facts/evidence.json) says, and where it says nothing, what the response rules say. Shapes
// first (a property the spec lacks, a body the spec leaves unknown), then per property and aspect: the
// fact if there is one, else the first rule with a verdict. Request schemas are never touched.

import { factKey, OPERATION_TARGET, type Fact, type FactsFile, type FactType } from "./facts.js";
import type { Lint } from "./lint.js";
import type { OpenApiDocument, Schema } from "./openapi.js";
import { LearnedNames, RESPONSE_RULES, type Aspect, type ResponseRule } from "./response-rules.js";
import {
  locateParent,
  operationsById,
  responsePropertyPlaces,
  successMedia,
  unwrap,
  type PropertyPlace,
} from "./response-places.js";

const ASPECTS: readonly Aspect[] = ["array", "type", "nullable", "required"];

function placeShape(
  doc: OpenApiDocument,
  fact: Fact,
  shape: Schema,
  lint: Lint,
  operations: ReturnType<typeof operationsById>,
): void {
  const where = `${fact.target}${fact.path === "" ? "" : `#${fact.path}`}`;
  if (fact.path === "") {
    if (fact.target.startsWith(OPERATION_TARGET)) {
      const operation = operations.get(fact.target.slice(OPERATION_TARGET.length));
      const media = operation && successMedia(operation, true);
      if (!media) return lint.add("stale-fact", "note", STALE, where);
      media.schema = structuredClone(shape);
    } else {
      const schemas = doc.components?.schemas ?? {};
      const existing = schemas[fact.target];
      if (!existing) return lint.add("stale-fact", "note", STALE, where);
      schemas[fact.target] = {
        ...structuredClone(shape),
        ...(existing.description ? { description: existing.description } : {}),
      };
    }
  } else if (fact.path.endsWith("[]")) {
    return lint.add("stale-fact", "note", STALE, where);
  } else {
    const located = locateParent(doc, fact.target, fact.path, operations);
    if (!located) return lint.add("stale-fact", "note", STALE, where);
    const properties = (located.parent.properties ??= {});
    const existing = properties[located.name];
    // A declared property keeps its description; a missing one is added with GitLab's shape.
    properties[located.name] = {
      ...structuredClone(shape),
      ...(existing?.description ? { description: existing.description } : {}),
    };
  }
  lint.add(
    "evidence-shape",
    "fixed",
    "response shapes taken from GitLab's evidence (missing fields, unknown bodies)",
    where,
  );
}

const STALE = "facts in openapi/facts/evidence.json whose place the spec no longer has";

function current(place: PropertyPlace, aspect: Aspect): boolean | FactType | undefined {
  const schema = place.parent.properties?.[place.name];
  if (!schema) return undefined;
  const { node, array } = unwrap(schema);
  switch (aspect) {
    case "array":
      return array;
    case "nullable":
      return schema.nullable === true;
    case "required":
      return place.parent.required?.includes(place.name) ?? false;
    case "type":
      return typeof node.type === "string" && node.type !== "array"
        ? (node.type as FactType)
        : undefined;
  }
}

function setAspect(place: PropertyPlace, aspect: Aspect, value: boolean | FactType): boolean {
  const properties = place.parent.properties ?? {};
  const schema = properties[place.name];
  if (!schema || current(place, aspect) === value) return false;
  switch (aspect) {
    case "array": {
      const { description, nullable, ...rest } = schema;
      if (value === true) {
        const wrapped: Schema = { type: "array", items: rest };
        if (description !== undefined) wrapped.description = description;
        if (nullable) wrapped.nullable = nullable;
        properties[place.name] = wrapped;
      } else if (schema.items) {
        properties[place.name] = { ...schema.items, ...(description ? { description } : {}) };
      }
      return true;
    }
    case "type": {
      const { node } = unwrap(schema);
      // An object where the spec says a scalar becomes a free-form object (Record<string, unknown>).
      if (typeof value !== "string" || node.$ref !== undefined || node.properties !== undefined)
        return false;
      node.type = value;
      delete node.format;
      delete node.enum;
      delete node.example;
      return true;
    }
    case "nullable": {
      if (value === true) {
        // A $ref's siblings are ignored in OpenAPI 3.0: a nullable reference wraps it in allOf.
        if (schema.$ref !== undefined) {
          const { $ref, description } = schema;
          properties[place.name] = {
            allOf: [{ $ref }],
            nullable: true,
            ...(description ? { description } : {}),
          };
        } else {
          schema.nullable = true;
        }
      } else {
        delete schema.nullable;
      }
      return true;
    }
    case "required": {
      const required = new Set(place.parent.required ?? []);
      if (value === true) required.add(place.name);
      else required.delete(place.name);
      const ordered = Object.keys(properties).filter((name) => required.has(name));
      if (ordered.length > 0) place.parent.required = ordered;
      else delete place.parent.required;
      return true;
    }
  }
}

export interface RuleTally {
  /** Fields no fact covers where the rule's verdict was applied, and those it changed. */
  decided: number;
  changed: number;
  confirmed: number;
  contradicted: number;
}

/** What backs each response field after the stage: a fact, else a rule's verdict, else the spec alone. */
export interface Backing {
  readonly evidence: number;
  readonly rule: number;
  readonly spec: number;
}

export interface EvidenceOutcome {
  readonly rules: ReadonlyMap<string, RuleTally>;
  readonly backing: Backing;
}

/** Applies facts and rules; per-rule tallies are also recorded in the lint. */
export function applyResponseEvidence(
  doc: OpenApiDocument,
  evidence: Pick<FactsFile, "facts" | "entities">,
  enabled: ReadonlySet<string>,
  lint: Lint,
): EvidenceOutcome {
  const { facts } = evidence;
  const operations = operationsById(doc);
  for (const fact of facts) {
    if (fact.shape) placeShape(doc, fact, fact.shape, lint, operations);
  }
  const byPlace = new Map(facts.map((fact) => [factKey(fact.target, fact.path), fact]));
  const learned = new LearnedNames(facts);
  const entities = new Map(Object.entries(evidence.entities ?? {}));
  const components = doc.components?.schemas ?? {};
  const rules = RESPONSE_RULES.filter((rule) => enabled.has(rule.id));
  const tallies = new Map<string, RuleTally>(
    rules.map((rule) => [rule.id, { decided: 0, changed: 0, confirmed: 0, contradicted: 0 }]),
  );
  const backing = { evidence: 0, rule: 0, spec: 0 };
  const kept = new Map<ResponseRule, string[]>();

  for (const place of responsePropertyPlaces(doc)) {
    const fact = byPlace.get(factKey(place.target, place.path));
    let ruled = false;
    for (const aspect of ASPECTS) {
      const schema = place.parent.properties?.[place.name];
      if (!schema) continue;
      const context = { place, schema, components, learned, entities };
      const decided: { rule: ResponseRule; value: boolean | FactType } | undefined = rules
        .filter((rule) => rule.aspect === aspect)
        .map((rule) => ({ rule, value: rule.verdict(context) }))
        .find((v): v is { rule: ResponseRule; value: boolean | FactType } => v.value !== undefined);
      const evidenced = fact?.[aspect];
      if (decided) ruled = true;
      if (evidenced !== undefined) {
        if (decided) {
          const tally = tallies.get(decided.rule.id);
          if (tally) tally[decided.value === evidenced ? "confirmed" : "contradicted"]++;
        }
        if (setAspect(place, aspect, evidenced)) {
          lint.add(
            `evidence-${aspect}`,
            "fixed",
            EVIDENCE[aspect],
            `${place.target}.${place.path}`,
          );
        }
      } else if (decided) {
        const tally = tallies.get(decided.rule.id);
        if (tally) tally.decided++;
        if (setAspect(place, aspect, decided.value)) {
          if (tally) tally.changed++;
          lint.add(decided.rule.id, "fixed", decided.rule.summary, `${place.target}.${place.path}`);
        } else {
          kept.set(decided.rule, [
            ...(kept.get(decided.rule) ?? []),
            `${place.target}.${place.path}`,
          ]);
        }
      }
    }
    backing[fact ? "evidence" : ruled ? "rule" : "spec"]++;
  }
  // A rule that only confirms the spec (keeps fields optional) is reported as kept, with its count.
  for (const [rule, places] of kept) {
    if (tallies.get(rule.id)?.changed !== 0) continue;
    for (const where of places) lint.add(rule.id, "kept", rule.summary, where);
  }
  for (const [id, tally] of tallies) lint.measure(id, tally.confirmed, tally.contradicted);
  return { rules: tallies, backing };
}

const EVIDENCE: Record<Aspect, string> = {
  array: "response fields GitLab's evidence shows are lists (or single values)",
  type: "response fields whose scalar type GitLab's evidence corrects",
  nullable: "response fields GitLab's evidence shows may be null",
  required: "response fields GitLab's schemas require (or leave optional)",
};
