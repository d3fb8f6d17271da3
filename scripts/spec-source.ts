// Where the OpenAPI description comes from, and fetching its bytes. Any failure here is a SpecError:
// the generator reports it and exits before touching its output.

import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

export class SpecError extends Error {}

export type SpecSource = { kind: "file"; path: string } | { kind: "url"; url: string };

const SPEC_ENV = "GITLAB_OPENAPI_SPEC";
/** The pinned description, relative to the repository root (it is not part of the repository). */
export const PINNED_SPEC = "../shared/openapi/gitlab-19.5-openapi_v3.yaml";

/** `--spec`, else $GITLAB_OPENAPI_SPEC, else the pinned file. Relative paths are taken from `cwd`. */
export function resolveSpecSource(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  repoRoot: string,
  cwd: string,
): SpecSource {
  const chosen = explicit ?? (env[SPEC_ENV] || undefined);
  if (chosen === undefined) return { kind: "file", path: resolve(repoRoot, PINNED_SPEC) };
  if (/^https?:\/\//i.test(chosen)) return { kind: "url", url: chosen };
  return { kind: "file", path: resolve(cwd, chosen) };
}

export function describeSource(source: SpecSource): string {
  return source.kind === "url" ? source.url : source.path;
}

const DOWNLOAD_TIMEOUT_MS = 120_000;

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${code} (${cause.message})` : cause.message;
  }
  return error.message;
}

async function download(url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    throw new SpecError(`cannot download the spec from ${url}: ${causeOf(error)}`);
  }
  if (!response.ok) {
    throw new SpecError(
      `cannot download the spec from ${url}: HTTP ${response.status} ${response.statusText}`,
    );
  }
  return Buffer.from(await response.arrayBuffer());
}

export async function readSpecBytes(source: SpecSource): Promise<Buffer> {
  if (source.kind === "url") return download(source.url);
  try {
    return await readFile(source.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : causeOf(error);
    throw new SpecError(`cannot read the spec file ${source.path}: ${reason}`);
  }
}
