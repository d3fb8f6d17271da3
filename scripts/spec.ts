// Load, verify and patch GitLab's OpenAPI description. This is the one entry point for everything that
// reads the spec: the generator, api-diff and the contract tests (which serve the patched document with
// Prism, so the mock validates what the generated client actually sends).

import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import { existsSync } from "node:fs";
import { readFacts, type Fact, type FactsFile } from "./facts.js";
import { applyFixes, readFixes } from "./fixes.js";
import { Lint } from "./lint.js";
import { isRecord, listOperations, type OpenApiDocument } from "./openapi.js";
import { InputError, readCached, readPinnedInput, writeCache } from "./gitlab-input.js";
import { applyResponseEvidence, type EvidenceOutcome } from "./response-evidence.js";
import { readLock, sha256, verifyAgainstLock, type SpecLock } from "./spec-lock.js";
import {
  CACHE_ENV,
  DEFAULT_CACHE_DIR,
  describeSource,
  MIRROR_ENV,
  PINNED_SPEC,
  readSpecBytes,
  resolveSpecSource,
  SpecError,
} from "./spec-source.js";

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DEFAULT_LOCK_FILE = join(REPO_ROOT, "openapi", "spec.lock.json");
const DEFAULT_FIXES_FILE = join(REPO_ROOT, "openapi", "fixes.yaml");
export const DEFAULT_FACTS_FILE = join(REPO_ROOT, "openapi", "facts", "evidence.json");
export const DEFAULT_HELD_OUT_FILE = join(REPO_ROOT, "openapi", "facts", "heldout.json");

export interface LoadSpecOptions {
  /**
   * File path or http(s) URL; default $GITLAB_OPENAPI_SPEC, then the pinned input: the copy beside
   * the repository, the cache, GitLab's URL from the lock (or $GITLAB_OPENAPI_MIRROR).
   */
  readonly spec?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Base for a relative `spec` (default: the process's working directory). */
  readonly cwd?: string;
  /** Lock the bytes must match; a missing file means nothing is pinned. */
  readonly lockFile?: string;
  /** False to accept any bytes (api-diff, or an upgrade with --update-lock). */
  readonly verifyLock?: boolean;
  readonly fixesFile?: string;
  /** Where verified copies are kept; default $GITLAB_OPENAPI_CACHE, else `.cache/gitlab/`. */
  readonly cacheDir?: string;
  /** GitLab's evidence (npm run distil-evidence); a missing file means no facts, rules only. */
  readonly factsFile?: string;
  /** Facts held out from generation, read only to measure the types (default openapi/facts/heldout.json). */
  readonly heldOutFile?: string;
  /** False to stop after openapi/fixes.yaml, before facts and response rules (what the distiller maps onto). */
  readonly evidence?: boolean;
}

/** GitLab's evidence as the evidence stage used it, for the accuracy measurement. */
export interface AppliedEvidence {
  readonly facts: readonly Fact[];
  readonly heldOut: readonly Fact[];
  readonly outcome: EvidenceOutcome;
}

export interface LoadedSpec {
  /** The patched document. */
  readonly document: OpenApiDocument;
  /** Where it came from, for messages (never written into generated files). */
  readonly source: string;
  readonly title: string;
  readonly version: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly lock: "verified" | "not pinned" | "not checked";
  /** Fixes applied so far; the generator adds its own findings. */
  readonly lint: Lint;
  /** Absent when loaded with `evidence: false`. */
  readonly evidence?: AppliedEvidence;
}

async function readFactsOrNone(file: string): Promise<FactsFile> {
  return existsSync(file) ? readFacts(file) : { sources: {}, facts: [] };
}

function parseText(text: string, source: string): unknown {
  if (/^\s*\{/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // Not JSON after all; YAML (a superset) gives the better message.
    }
  }
  try {
    return YAML.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SpecError(`invalid YAML in ${source}: ${message}`);
  }
}

function asOpenApi3(data: unknown, source: string): OpenApiDocument {
  if (!isRecord(data)) {
    throw new SpecError(`${source} is not an OpenAPI document (its top level is not a mapping)`);
  }
  if (data.swagger !== undefined) {
    throw new SpecError(`${source} is Swagger ${String(data.swagger)}, not OpenAPI 3`);
  }
  if (typeof data.openapi !== "string" || !/^3\.\d+(\.\d+)?$/.test(data.openapi)) {
    const found =
      data.openapi === undefined ? "no openapi field" : `openapi: ${String(data.openapi)}`;
    throw new SpecError(`${source} is not an OpenAPI 3 document (${found})`);
  }
  if (!isRecord(data.info)) throw new SpecError(`${source} has no info object`);
  if (!isRecord(data.paths)) throw new SpecError(`${source} has no paths object`);
  const doc = data as unknown as OpenApiDocument;
  const seen = new Map<string, string>();
  for (const { path, method, operation } of listOperations(doc)) {
    const where = `${method.toUpperCase()} ${path}`;
    const id = operation.operationId;
    if (typeof id !== "string" || !/^[A-Za-z_$][\w$]*$/.test(id)) {
      throw new SpecError(`${source}: ${where} has no operationId usable as a function name`);
    }
    const previous = seen.get(id);
    if (previous)
      throw new SpecError(`${source}: operationId ${id} is used by ${previous} and ${where}`);
    seen.set(id, where);
  }
  return doc;
}

export async function loadSpec(options: LoadSpecOptions = {}): Promise<LoadedSpec> {
  const env = options.env ?? process.env;
  const lockFile = options.lockFile ?? DEFAULT_LOCK_FILE;
  const verify = options.verifyLock ?? true;
  const pinned = verify ? await readLock(lockFile) : undefined;
  const cacheDir = options.cacheDir ?? (env[CACHE_ENV] || join(REPO_ROOT, DEFAULT_CACHE_DIR));
  const { bytes, label } = await readSpec(options, env, pinned, lockFile, cacheDir);
  const lock: LoadedSpec["lock"] = !verify ? "not checked" : pinned ? "verified" : "not pinned";
  const hash = sha256(bytes);

  const document = asOpenApi3(parseText(bytes.toString("utf8"), label), label);
  const lint = new Lint();
  const fixes = await readFixes(options.fixesFile ?? DEFAULT_FIXES_FILE);
  applyFixes(document, fixes, lint);
  let evidence: AppliedEvidence | undefined;
  if (options.evidence ?? true) {
    const facts = await readFactsOrNone(options.factsFile ?? DEFAULT_FACTS_FILE);
    const heldOut = await readFactsOrNone(options.heldOutFile ?? DEFAULT_HELD_OUT_FILE);
    const outcome = applyResponseEvidence(document, facts, new Set(fixes.responseRules), lint);
    evidence = { facts: facts.facts, heldOut: heldOut.facts, outcome };
  }
  return {
    document,
    source: label,
    title: document.info.title ?? "untitled",
    version: document.info.version ?? "unknown",
    sha256: hash,
    bytes: bytes.length,
    lock,
    lint,
    ...(evidence ? { evidence } : {}),
  };
}

/**
 * The description's bytes, verified against the lock when there is one: from `--spec` or
 * $GITLAB_OPENAPI_SPEC when given (a URL whose pinned bytes are cached is not fetched again), else
 * from the pinned input's locations. Verified bytes are cached, whatever their source.
 */
async function readSpec(
  options: LoadSpecOptions,
  env: Readonly<Record<string, string | undefined>>,
  pinned: SpecLock | undefined,
  lockFile: string,
  cacheDir: string,
): Promise<{ bytes: Buffer; label: string }> {
  const source = resolveSpecSource(options.spec, env, options.cwd ?? process.cwd());
  const sibling = join(REPO_ROOT, PINNED_SPEC);
  if (source === undefined && pinned !== undefined) {
    const what = `GitLab's OpenAPI description (GitLab ${pinned.version}, pinned by ${lockFile})`;
    try {
      const found = await readPinnedInput(
        { what, sha256: pinned.sha256, bytes: pinned.bytes, url: pinned.url },
        { localCopies: [sibling], cacheDir, mirror: env[MIRROR_ENV] || undefined },
      );
      return { bytes: found.bytes, label: found.source };
    } catch (error) {
      throw error instanceof InputError ? new SpecError(error.message) : error;
    }
  }
  const chosen = source ?? { kind: "file", path: sibling };
  const label = describeSource(chosen);
  if (pinned !== undefined && chosen.kind === "url") {
    const cached = await readCached(pinned, cacheDir);
    if (cached !== undefined) return { bytes: cached, label: `${label} (cached in ${cacheDir})` };
  }
  const bytes = await readSpecBytes(chosen);
  if (pinned !== undefined) {
    verifyAgainstLock(pinned, { sha256: sha256(bytes), bytes: bytes.length }, label, lockFile);
    await writeCache(pinned.sha256, cacheDir, bytes);
  }
  return { bytes, label };
}

/** Writes the patched document as JSON (what Prism and other tools load fastest). */
export async function writePatchedSpec(spec: LoadedSpec, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(spec.document, null, 2)}\n`);
}
