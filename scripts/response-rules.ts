// Generic rules for response properties GitLab's evidence says nothing about. GitLab's description has
// no `nullable` and no `required` on any response schema and drops Grape's `is_array`, so without
// rules every field the facts do not reach would stay optional, non-null and single. Each rule is
// switched on with its reason in openapi/fixes.yaml (`response-rules`); the thresholds below were set
// by measuring the rules on GitLab's schemas (docs/generator.md, "Measured accuracy").
//
// A rule gives a verdict per property and aspect (array, nullable, required, scalar type), or none.
// The evidence stage applies a verdict only where no fact covers that aspect, and counts, where a fact
// does, whether the evidence confirms or contradicts the rule.

import { OPERATION_TARGET, type EntityFact, type Fact, type FactType } from "./facts.js";
import type { Schema } from "./openapi.js";
import { refName, unwrap, type PropertyPlace } from "./response-places.js";

export type Aspect = "array" | "nullable" | "required" | "type";

export interface RuleContext {
  readonly place: PropertyPlace;
  readonly schema: Schema;
  /** Component schemas, to tell an entity (`$ref` to an object) from a scalar. */
  readonly components: Readonly<Record<string, Schema>>;
  readonly learned: LearnedNames;
  /** Components rendered by a known CE Grape entity (openapi/facts/evidence.json `entities`). */
  readonly entities: ReadonlyMap<string, EntityFact>;
}

export interface ResponseRule {
  readonly id: string;
  readonly aspect: Aspect;
  readonly summary: string;
  verdict(context: RuleContext): boolean | FactType | undefined;
}

interface NameCounts {
  /** Distinct targets whose fact for this name says true / false, per aspect. */
  readonly yes: Record<Aspect, Set<string>>;
  readonly no: Record<Aspect, Set<string>>;
  readonly types: Map<FactType, Set<string>>;
}

/** What GitLab's evidence says about each property name, across the targets it describes. */
export class LearnedNames {
  readonly #names = new Map<string, NameCounts>();

  constructor(facts: readonly Fact[]) {
    for (const fact of facts) {
      const name = fact.path
        .split(/\.|\[\]/)
        .filter((t) => t !== "")
        .pop();
      if (name === undefined) continue;
      this.#count(name, fact);
      const suffix = suffixOf(name);
      if (suffix !== undefined) this.#count(suffix, fact);
    }
  }

  #count(name: string, fact: Fact): void {
    let counts = this.#names.get(name);
    if (!counts) {
      const empty = (): Record<Aspect, Set<string>> => ({
        array: new Set(),
        nullable: new Set(),
        required: new Set(),
        type: new Set(),
      });
      counts = { yes: empty(), no: empty(), types: new Map() };
      this.#names.set(name, counts);
    }
    const where = `${fact.target}#${fact.path}`;
    for (const aspect of ["array", "nullable", "required"] as const) {
      const value = fact[aspect];
      if (value !== undefined) (value ? counts.yes : counts.no)[aspect].add(where);
    }
    if (fact.type !== undefined) {
      const set = counts.types.get(fact.type) ?? new Set();
      set.add(where);
      counts.types.set(fact.type, set);
    }
  }

  /** The verdict for a name's suffix (`_sha`, `_by`): names GitLab's evidence has not seen share it. */
  suffixVerdict(
    name: string,
    aspect: Exclude<Aspect, "type">,
    min: number,
    share: number,
  ): boolean | undefined {
    const suffix = suffixOf(name);
    return suffix === undefined ? undefined : this.verdict(suffix, aspect, min, share);
  }

  /** The majority verdict for a name seen in at least `min` places, when at least `share` agree. */
  verdict(
    name: string,
    aspect: Exclude<Aspect, "type">,
    min: number,
    share: number,
  ): boolean | undefined {
    const counts = this.#names.get(name);
    if (!counts) return undefined;
    const yes = counts.yes[aspect].size;
    const no = counts.no[aspect].size;
    if (yes + no < min) return undefined;
    if (yes >= share * (yes + no)) return true;
    if (no >= share * (yes + no)) return false;
    return undefined;
  }

  /** The one scalar type a name has wherever the evidence types it, when seen in `min` places. */
  type(name: string, min: number): FactType | undefined {
    const counts = this.#names.get(name);
    if (!counts || counts.types.size !== 1) return undefined;
    const [[type, places] = []] = [...counts.types];
    return places && places.size >= min ? type : undefined;
  }
}

/** `_sha` of `merge_commit_sha`; counted under a key no property name can have. */
function suffixOf(name: string): string | undefined {
  const match = /[a-z0-9](_[a-z0-9]+)$/.exec(name);
  return match?.[1] === undefined ? undefined : `*${match[1]}`;
}

function isEntityRef(schema: Schema, components: Readonly<Record<string, Schema>>): boolean {
  const name = refName(unwrap(schema).node);
  return name !== undefined && components[name]?.properties !== undefined;
}

function isPlainString(schema: Schema): boolean {
  const { node } = unwrap(schema);
  return node.type === "string" && node.format === undefined && node.enum === undefined;
}

// A plural noun: `assignees`, `milestones`, `notes`, `projects`; not `status`, `access`, `alias`.
const PLURAL = /[^su]s$|ies$/;

// Timestamps of events that may not have happened (merged_at, closed_at, last_used_at, expires_at).
// created_at and updated_at are set when the record is written.
const EVENT_TIMESTAMP = /_(at|on|date)$/;
const WRITTEN_TIMESTAMP = new Set(["created_at", "updated_at"]);

// Measured on GitLab's schemas: a name seen in two places with at least three quarters agreeing.
const LEARNED_MIN = 2;
const LEARNED_SHARE = 0.75;
// A suffix must be seen in four places: suffixes are shared by more unrelated names.
const SUFFIX_MIN = 4;

export const RESPONSE_RULES: readonly ResponseRule[] = [
  {
    id: "plural-entity-is-array",
    aspect: "array",
    summary: "a plural property holding one singular entity is a list of it",
    verdict: ({ place, schema, components }) => {
      const { node, array } = unwrap(schema);
      if (array || !isEntityRef(schema, components) || !PLURAL.test(place.name)) return undefined;
      // An entity named in the plural (IssuableReferences, ProjectStatistics) is one object.
      return /s$/.test(refName(node) ?? "s") ? undefined : true;
    },
  },
  {
    id: "learned-name-nullable",
    aspect: "nullable",
    summary:
      "names GitLab's schemas mark nullable wherever they type them (description, due_date, …)",
    verdict: ({ place, learned }) =>
      learned.verdict(place.name, "nullable", LEARNED_MIN, LEARNED_SHARE),
  },
  {
    id: "learned-suffix-nullable",
    aspect: "nullable",
    summary: "names ending like names GitLab's schemas mark nullable (_sha, _by, _until, …)",
    verdict: ({ place, learned }) =>
      learned.suffixVerdict(place.name, "nullable", SUFFIX_MIN, LEARNED_SHARE) === true
        ? true
        : undefined,
  },
  {
    id: "event-timestamp-nullable",
    aspect: "nullable",
    summary: "timestamps of events that may not have happened (merged_at, closed_at, due_date, …)",
    verdict: ({ place }) =>
      EVENT_TIMESTAMP.test(place.name) && !WRITTEN_TIMESTAMP.has(place.name) ? true : undefined,
  },
  {
    id: "optional-association-nullable",
    aspect: "nullable",
    summary:
      "a single associated entity (milestone, merged_by, closed_by, assignee, …) may be null",
    verdict: ({ schema, components }) =>
      isEntityRef(schema, components) && !unwrap(schema).array ? true : undefined,
  },
  {
    id: "ee-prepended-field-optional",
    aspect: "required",
    summary:
      "fields of a known CE entity that it does not expose: EE adds them behind license checks",
    verdict: ({ place, components, entities }) => {
      const entity = entities.get(place.target);
      if (!entity || place.path !== place.name) return undefined;
      const declared = components[entity.entity]?.properties ?? {};
      return place.name in declared && !entity.exposes.includes(place.name) ? false : undefined;
    },
  },
  {
    id: "learned-name-required",
    aspect: "required",
    summary: "names GitLab's schemas require wherever they list them (id, iid, name, web_url, …)",
    verdict: ({ place, learned }) =>
      learned.verdict(place.name, "required", LEARNED_MIN, LEARNED_SHARE),
  },
  {
    id: "exposed-field-present",
    aspect: "required",
    summary:
      "a field a Grape entity exposes unconditionally is always sent (its value may be null)",
    verdict: ({ place }) => (place.target.startsWith(OPERATION_TARGET) ? undefined : true),
  },
  {
    id: "learned-name-type",
    aspect: "type",
    summary: "untyped Grape exposures (spec `string`) whose name GitLab's schemas type otherwise",
    verdict: ({ place, schema, learned }) => {
      if (!isPlainString(schema)) return undefined;
      const type = learned.type(place.name, LEARNED_MIN);
      return type === "object" ? undefined : type;
    },
  },
];
