// Facts about GitLab's responses, distilled from GitLab's own files (npm run distil-evidence) and
// committed in openapi/facts/. The generator reads them offline; GitLab's files never enter the
// repository. A fact describes one place in the spec: a property of a component schema, or a place in
// one operation's success body, and says what GitLab's evidence asserts there.

import { readFile, writeFile } from "node:fs/promises";
import { compareStrings } from "./order.js";
import type { Schema } from "./openapi.js";

/** JSON types a fact can name (`type` of the value, or of its items when `array`). */
export type FactType = "string" | "integer" | "number" | "boolean" | "object";

export interface Fact {
  /** A component schema name, or `op:<operationId>` for a place in one operation's 2xx JSON body. */
  readonly target: string;
  /** Property path inside the target: `a.b`, `a[].b` for a list's items; "" for the target itself. */
  readonly path: string;
  /** True: a list. False: one value. Absent: the evidence does not say. */
  readonly array?: boolean;
  /** True: GitLab sends null there. False: a schema that rejects null. Absent: only examples. */
  readonly nullable?: boolean;
  /** True: every response carries it. False: a schema lists it as optional. Absent: only examples. */
  readonly required?: boolean;
  readonly type?: FactType;
  /** The evidenced schema (OpenAPI 3.0) where the spec has none: a missing property or an unknown body. */
  readonly shape?: Schema;
  /** GitLab paths the fact comes from; each is described in the file's `sources`. */
  readonly sources: readonly string[];
}

export interface Source {
  readonly repo: string;
  /** The commit, or a description of the version where a document was read without one. */
  readonly version: string;
}

/** A response component GitLab renders with a known CE Grape entity (itself, or one it extends). */
export interface EntityFact {
  /** The component of that entity: the target itself, or the one whose properties it extends. */
  readonly entity: string;
  readonly source: string;
  /** What the entity and its ancestors expose, whether or not the spec declares it. */
  readonly exposes: readonly string[];
}

export interface FactsFile {
  readonly sources: Readonly<Record<string, Source>>;
  readonly facts: readonly Fact[];
  /** Component → its Grape entity, for components GitLab's entity files describe. */
  readonly entities?: Readonly<Record<string, EntityFact>>;
}

export const OPERATION_TARGET = "op:";

export function factKey(target: string, path: string): string {
  return `${target}#${path}`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([key, child]) => [key, sortKeys(child)]),
  );
}

/** One fact per line, sorted, so a GitLab upgrade's diff reads fact by fact. */
export function formatFacts(file: FactsFile, comment: string): string {
  const facts = [...file.facts].sort(
    (a, b) => compareStrings(a.target, b.target) || compareStrings(a.path, b.path),
  );
  const sources = Object.keys(file.sources)
    .sort(compareStrings)
    .map((path) => `    ${JSON.stringify(path)}: ${JSON.stringify(sortKeys(file.sources[path]))}`);
  const lines = facts.map((fact) => `    ${JSON.stringify(sortKeys(fact))}`);
  const entities = Object.keys(file.entities ?? {})
    .sort(compareStrings)
    .map(
      (name) => `    ${JSON.stringify(name)}: ${JSON.stringify(sortKeys(file.entities?.[name]))}`,
    );
  return [
    "{",
    `  "//": ${JSON.stringify(comment)},`,
    `  "sources": {\n${sources.join(",\n")}\n  },`,
    ...(entities.length > 0 ? [`  "entities": {\n${entities.join(",\n")}\n  },`] : []),
    `  "facts": [\n${lines.join(",\n")}\n  ]`,
    "}",
    "",
  ].join("\n");
}

export async function writeFacts(file: string, facts: FactsFile, comment: string): Promise<void> {
  await writeFile(file, formatFacts(facts, comment));
}

export async function readFacts(file: string): Promise<FactsFile> {
  const data = JSON.parse(await readFile(file, "utf8")) as Partial<FactsFile>;
  if (!Array.isArray(data.facts) || typeof data.sources !== "object" || data.sources === null) {
    throw new Error(`${file}: expected { sources, facts }`);
  }
  return {
    sources: data.sources,
    facts: data.facts,
    ...(data.entities === undefined ? {} : { entities: data.entities }),
  };
}
