// How true the response types are: the patched schemas the types are emitted from, compared field by
// field with GitLab's evidence. Run on the facts the generator applied (in-sample) and on the held-out
// facts no generation step reads (openapi/facts/heldout.json), which shows whether the rules
// generalise. The figures go to generated/type-accuracy.json, and the docs quote them.

import { factKey, type Fact } from "./facts.js";
import { listOperations, resolveSchema, type OpenApiDocument, type Schema } from "./openapi.js";
import type { Backing, RuleTally } from "./response-evidence.js";
import { locateParent, operationsById, successMedia, unwrap } from "./response-places.js";
import type { AppliedEvidence } from "./spec.js";

export type Defect =
  | "missing"
  | "unknown"
  | "array"
  | "null"
  | "scalar"
  | "under-required"
  | "over-nullable"
  | "over-required"
  | "wider-union";

const WRONG_SHAPE: ReadonlySet<Defect> = new Set(["missing", "unknown", "array", "null", "scalar"]);
const OVER_PERMISSIVE: ReadonlySet<Defect> = new Set([
  "over-nullable",
  "over-required",
  "wider-union",
]);

export interface Accuracy {
  /** Fields (fact places below a body's root) compared. */
  readonly fields: number;
  readonly defects: Readonly<Record<Defect, number>>;
  readonly wrongShaped: number;
  /** Fields GitLab's schemas require, and how many of them the types still leave optional. */
  readonly requiredByGitlab: number;
  readonly stillOptional: number;
  readonly overPermissive: number;
  /** Percentages, one decimal: wrong-shaped and over-permissive of fields, still-optional of required. */
  readonly percent: {
    readonly wrongShaped: number;
    readonly stillOptional: number;
    readonly overPermissive: number;
  };
}

function isUnknown(schema: Schema): boolean {
  return (
    schema.type === undefined &&
    schema.$ref === undefined &&
    schema.properties === undefined &&
    schema.items === undefined &&
    schema.anyOf === undefined &&
    schema.oneOf === undefined &&
    schema.allOf === undefined
  );
}

function scalarTypes(node: Schema): Set<string> {
  const branches = node.anyOf ?? node.oneOf;
  if (branches) return new Set(branches.flatMap((b) => [...scalarTypes(b)]));
  if (node.$ref !== undefined || node.properties !== undefined) return new Set(["object"]);
  return new Set(typeof node.type === "string" ? [node.type] : []);
}

/** The defects of one field: what the type gets wrong compared with the fact. */
export function fieldDefects(parent: Schema, name: string, fact: Fact): Defect[] {
  const schema = parent.properties?.[name];
  if (!schema) return parent.additionalProperties ? [] : ["missing"];
  const defects: Defect[] = [];
  const { node, array } = unwrap(schema);
  // Only a fact that knows the value's type can find `unknown` too loose (an example's lone null cannot).
  const typed = fact.type !== undefined || fact.array !== undefined;
  if (isUnknown(schema) && typed) defects.push("unknown");
  if (fact.array !== undefined && fact.array !== array) defects.push("array");
  const nullable = schema.nullable === true;
  if (fact.nullable === true && !nullable) defects.push("null");
  if (fact.nullable === false && nullable) defects.push("over-nullable");
  if (fact.type !== undefined && !isUnknown(schema) && fact.array === array) {
    const types = scalarTypes(node);
    const fits = types.has(fact.type) || (fact.type === "integer" && types.has("number"));
    if (!fits && types.size > 0) defects.push("scalar");
    else if (types.size > 1 || (fact.type === "integer" && !types.has("integer")))
      defects.push("wider-union");
  }
  const required = parent.required?.includes(name) ?? false;
  if (fact.required === true && !required) defects.push("under-required");
  if (fact.required === false && required) defects.push("over-required");
  return defects;
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10;
}

export function measureAccuracy(doc: OpenApiDocument, facts: readonly Fact[]): Accuracy {
  const operations = operationsById(doc);
  const defects = Object.fromEntries(
    [
      "missing",
      "unknown",
      "array",
      "null",
      "scalar",
      "under-required",
      "over-nullable",
      "over-required",
      "wider-union",
    ].map((d) => [d, 0]),
  ) as Record<Defect, number>;
  let fields = 0;
  let wrongShaped = 0;
  let overPermissive = 0;
  let requiredByGitlab = 0;
  for (const fact of facts) {
    if (fact.path === "" || fact.path.endsWith("[]")) continue;
    const located = locateParent(doc, fact.target, fact.path, operations);
    fields++;
    if (fact.required === true) requiredByGitlab++;
    const found: Defect[] = located
      ? fieldDefects(located.parent, located.name, fact)
      : ["missing"];
    if (!located && fact.required === true) found.push("under-required");
    for (const defect of found) defects[defect]++;
    if (found.some((d) => WRONG_SHAPE.has(d))) wrongShaped++;
    if (found.some((d) => OVER_PERMISSIVE.has(d))) overPermissive++;
  }
  const stillOptional = defects["under-required"];
  return {
    fields,
    defects,
    wrongShaped,
    requiredByGitlab,
    stillOptional,
    overPermissive,
    percent: {
      wrongShaped: percent(wrongShaped, fields),
      stillOptional: percent(stillOptional, requiredByGitlab),
      overPermissive: percent(overPermissive, fields),
    },
  };
}

export interface AccuracyReport {
  /** Response fields, by what backs them. */
  readonly fields: Backing;
  /** Per response rule: fields it changed; where the evidence covers it, agreements and disagreements. */
  readonly rules: Readonly<Record<string, RuleTally>>;
  readonly inSample: Accuracy;
  readonly heldOut: Accuracy;
  /** Held-out fields at places no applied fact covers: the rules alone. */
  readonly heldOutUnseen: Accuracy;
  /** GET operations answering JSON whose result is still `unknown`, and lists typed as one object. */
  readonly unknownGetResults: number;
  readonly listsTypedAsObject: number;
}

export function accuracyReport(doc: OpenApiDocument, evidence: AppliedEvidence): AccuracyReport {
  const covered = new Set(evidence.facts.map((fact) => factKey(fact.target, fact.path)));
  let unknownGetResults = 0;
  let listsTypedAsObject = 0;
  for (const { method, operation } of listOperations(doc)) {
    if (method !== "get") continue;
    const media = successMedia(operation, false);
    const declaresNothing = Object.entries(operation.responses ?? {}).some(
      ([status, response]) => /^2\d\d$/.test(status) && response.content === undefined,
    );
    if (media ? media.schema === undefined || isUnknown(media.schema) : declaresNothing) {
      unknownGetResults++;
    }
    const paginated = (operation.parameters ?? []).some(
      (p) => p.in === "query" && p.name === "per_page",
    );
    if (paginated && media?.schema && resolveSchema(doc, media.schema)?.type !== "array")
      listsTypedAsObject++;
  }
  return {
    fields: evidence.outcome.backing,
    rules: Object.fromEntries(evidence.outcome.rules),
    inSample: measureAccuracy(doc, evidence.facts),
    heldOut: measureAccuracy(doc, evidence.heldOut),
    heldOutUnseen: measureAccuracy(
      doc,
      evidence.heldOut.filter((fact) => !covered.has(factKey(fact.target, fact.path))),
    ),
    unknownGetResults,
    listsTypedAsObject,
  };
}

function row(label: string, a: Accuracy): string {
  return `| ${label} | ${a.fields} | ${a.percent.wrongShaped}% | ${a.percent.stillOptional}% of ${a.requiredByGitlab} | ${a.percent.overPermissive}% |`;
}

/** The figures the docs quote, between `<!-- accuracy:begin -->` and `<!-- accuracy:end -->`. */
export function accuracyDocs(report: AccuracyReport): { generator: string; readme: string } {
  const { fields, heldOut, heldOutUnseen, inSample } = report;
  const total = fields.evidence + fields.rule + fields.spec;
  const generator = [
    `Response fields: ${total}; ${fields.evidence} backed by GitLab's evidence, ${fields.rule} by a rule, ${fields.spec} by the spec alone. GET operations whose JSON result is still \`unknown\` (no schema in the spec or the evidence): ${report.unknownGetResults}; list operations typed as one object: ${report.listsTypedAsObject}.`,
    "",
    "| compared with | fields | wrong-shaped | GitLab-required still optional | over-permissive |",
    "| --- | ---: | ---: | ---: | ---: |",
    row("facts the generator applied", inSample),
    row("held-out GitLab schemas", heldOut),
    row("held-out, at places no fact covers (rules only)", heldOutUnseen),
    "",
    "| rule | decided | changed | evidence confirms | contradicts |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...Object.entries(report.rules).map(
      ([id, t]) =>
        `| \`${id}\` | ${t.decided} | ${t.changed} | ${t.confirmed} | ${t.contradicted} |`,
    ),
  ].join("\n");
  const readme =
    `Of ${total} response fields, ${fields.evidence} are backed by GitLab's own evidence and ${fields.rule} by a measured rule. ` +
    `On GitLab schemas the generator never read (held out), ${heldOut.percent.wrongShaped}% of ${heldOut.fields} fields are wrong-shaped, ` +
    `${heldOut.percent.stillOptional}% of the fields GitLab requires are still optional, and ${heldOut.percent.overPermissive}% are over-permissive.`;
  return { generator, readme };
}

const BLOCK = /(<!-- accuracy:begin -->\n)[\s\S]*?(<!-- accuracy:end -->)/;

/** The text with its accuracy block replaced; undefined when it has none. */
export function withAccuracyBlock(text: string, block: string): string | undefined {
  if (!BLOCK.test(text)) return undefined;
  return text.replace(BLOCK, (_, begin: string, end: string) => `${begin}${block}\n${end}`);
}

/** The block a text quotes (without its markers). */
export function accuracyBlock(text: string): string | undefined {
  const match = BLOCK.exec(text);
  return match?.[0].slice(match[1]?.length ?? 0, -(match[2]?.length ?? 0) - 1);
}
