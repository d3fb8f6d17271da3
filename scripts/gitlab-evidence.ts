// Reads GitLab's own descriptions of its responses from folders laid out like GitLab's repository (a
// checkout, or a partial copy with a provenance.json), or from an evidence set (entities.json mapping
// schemas and doc examples to operationIds, as in ../shared/gitlab-evidence). Several folders merge into
// one view keyed by GitLab path; the first folder holding a path wins.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { Source } from "./facts.js";
import { parseGrapeEntities, type GrapeEntity } from "./grape-entities.js";

export const SCHEMA_ROOT = "spec/fixtures/api/schemas/";
/** Where GitLab keeps response schemas (EE's beside CE's) and Grape entities. */
const SCHEMA_ROOTS = [SCHEMA_ROOT, `ee/${SCHEMA_ROOT}`];
const ENTITY_ROOTS = ["lib/api/entities/", "ee/lib/api/entities/"];

export interface SchemaFile {
  readonly json: unknown;
  readonly source: Source;
  /** From an evidence set (the starting set the issue measured), not from a repository layout. */
  readonly curated: boolean;
}

/** A schema or doc example an evidence set maps to one operation. */
export type Sample =
  | { kind: "schema"; schema: string; op: string; wrap?: "array" }
  | { kind: "example"; example: unknown; source: string; op: string; take?: number };

export interface GitlabEvidence {
  /** GitLab path (spec/fixtures/api/schemas/…) → parsed schema. */
  readonly schemas: Map<string, SchemaFile>;
  readonly samples: Sample[];
  /** GitLab path → source, for every example document and entity file read. */
  readonly documents: Map<string, Source>;
  readonly entities: GrapeEntity[];
}

export class EvidenceError extends Error {}

async function listFiles(dir: string, suffix: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new EvidenceError(`${file}: ${(error as Error).message}`);
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown, fallback: string): string {
  return typeof value === "string" && value !== "" ? value : fallback;
}

/** The commit of a checkout, for folders without a provenance.json. */
function checkoutVersion(dir: string): string {
  try {
    return execFileSync("git", ["-C", dir, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown (no provenance.json, not a git checkout)";
  }
}

async function readEvidenceSet(dir: string, into: GitlabEvidence): Promise<void> {
  const provenance = record(await readJson(join(dir, "provenance.json")));
  const schemaProvenance = record(provenance.schemas);
  for (const path of await listFiles(join(dir, "schemas"), ".json")) {
    const gitlabPath = SCHEMA_ROOT + path;
    if (into.schemas.has(gitlabPath)) continue;
    const origin = record(schemaProvenance[path]);
    into.schemas.set(gitlabPath, {
      json: await readJson(join(dir, "schemas", path)),
      source: {
        repo: text(origin.repo, "gitlabhq/gitlabhq"),
        version: text(origin.commit, "unknown"),
      },
      curated: true,
    });
  }
  const exampleProvenance = record(provenance.examples);
  const entities = record(await readJson(join(dir, "entities.json"))).entities;
  for (const entity of Array.isArray(entities) ? entities : []) {
    const samples = record(entity).samples;
    for (const raw of Array.isArray(samples) ? (samples as unknown[]) : []) {
      const sample = record(raw);
      const op = text(sample.op, "");
      if (op === "") continue;
      if (sample.kind === "schema" && typeof sample.schema === "string") {
        into.samples.push({
          kind: "schema",
          schema: SCHEMA_ROOT + sample.schema,
          op,
          ...(sample.wrap === "array" ? { wrap: "array" as const } : {}),
        });
      } else if (sample.kind === "example" && typeof sample.example === "string") {
        const doc = record(await readJson(join(dir, "examples", `${sample.example}.json`)));
        const origin = record(exampleProvenance[sample.example]);
        const section = text(record(doc.source).section, sample.example);
        const source = `${text(origin.path, `doc/api/${sample.example}.md`)}#${section}`;
        into.documents.set(source, {
          repo: "gitlabhq/gitlabhq",
          version: text(origin.era, "unknown"),
        });
        into.samples.push({
          kind: "example",
          example: doc.example,
          source,
          op,
          ...(typeof sample.take === "number" ? { take: sample.take } : {}),
        });
      }
    }
  }
}

async function readRepositoryLayout(dir: string, into: GitlabEvidence): Promise<void> {
  const provenanceFile = join(dir, "provenance.json");
  const provenance = existsSync(provenanceFile) ? record(await readJson(provenanceFile)) : {};
  const fallback = existsSync(provenanceFile) ? "unknown" : checkoutVersion(dir);
  const sourceOf = (gitlabPath: string): Source => {
    const origin = record(provenance[gitlabPath]);
    return { repo: text(origin.repo, "gitlabhq/gitlabhq"), version: text(origin.commit, fallback) };
  };
  for (const root of SCHEMA_ROOTS) {
    for (const path of await listFiles(join(dir, root), ".json")) {
      const gitlabPath = root + path;
      if (into.schemas.has(gitlabPath)) continue;
      into.schemas.set(gitlabPath, {
        json: await readJson(join(dir, gitlabPath)),
        source: sourceOf(gitlabPath),
        curated: false,
      });
    }
  }
  for (const root of ENTITY_ROOTS) {
    for (const path of await listFiles(join(dir, root), ".rb")) {
      const gitlabPath = root + path;
      if (into.documents.has(gitlabPath)) continue;
      into.documents.set(gitlabPath, sourceOf(gitlabPath));
      into.entities.push(
        ...parseGrapeEntities(await readFile(join(dir, gitlabPath), "utf8"), gitlabPath),
      );
    }
  }
}

export async function readGitlabEvidence(dirs: readonly string[]): Promise<GitlabEvidence> {
  const evidence: GitlabEvidence = {
    schemas: new Map(),
    samples: [],
    documents: new Map(),
    entities: [],
  };
  for (const dir of dirs) {
    if (!existsSync(dir)) throw new EvidenceError(`${dir}: no such directory`);
    if (existsSync(join(dir, "entities.json"))) await readEvidenceSet(dir, evidence);
    else await readRepositoryLayout(dir, evidence);
  }
  return evidence;
}
