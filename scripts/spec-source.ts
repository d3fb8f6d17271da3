// Where the OpenAPI description comes from, and fetching its bytes. Any failure here is a SpecError:
// the generator reports it and exits before touching its output.

import { resolve } from "node:path";
import { download, InputError, readLocal } from "./gitlab-input.js";

export class SpecError extends Error {}

export type SpecSource = { kind: "file"; path: string } | { kind: "url"; url: string };

export const SPEC_ENV = "GITLAB_OPENAPI_SPEC";
/** A mirror of https://gitlab.com/ (same paths), for networks that cannot reach GitLab. */
export const MIRROR_ENV = "GITLAB_OPENAPI_MIRROR";
/** Where verified copies are kept; default `.cache/gitlab/` in the repository (git-ignored). */
export const CACHE_ENV = "GITLAB_OPENAPI_CACHE";
/** The copy CI provides beside the repository, relative to the repository root. */
export const PINNED_SPEC = "../shared/openapi/gitlab-19.5-openapi_v3.yaml";
export const DEFAULT_CACHE_DIR = ".cache/gitlab";
/** The description's path in GitLab's repository. */
const UPSTREAM_PATH = "doc/api/openapi/openapi_v3.yaml";

/** `--spec`, else $GITLAB_OPENAPI_SPEC; undefined when neither names one (the pinned input then). */
export function resolveSpecSource(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): SpecSource | undefined {
  const chosen = explicit ?? (env[SPEC_ENV] || undefined);
  if (chosen === undefined) return undefined;
  if (/^https?:\/\//i.test(chosen)) return { kind: "url", url: chosen };
  return { kind: "file", path: resolve(cwd, chosen) };
}

export function describeSource(source: SpecSource): string {
  return source.kind === "url" ? source.url : source.path;
}

/**
 * GitLab's URL for the description of `version` ("19.5" → tag v19.5.0-ee), or undefined for a
 * version that names no release tag.
 */
export function upstreamSpecUrl(version: string): string | undefined {
  const tag = /^\d+\.\d+$/.test(version)
    ? `v${version}.0-ee`
    : /^\d+\.\d+\.\d+$/.test(version)
      ? `v${version}-ee`
      : undefined;
  return tag && `https://gitlab.com/gitlab-org/gitlab/-/raw/${tag}/${UPSTREAM_PATH}`;
}

export async function readSpecBytes(source: SpecSource): Promise<Buffer> {
  try {
    return source.kind === "url" ? await download(source.url) : await readLocal(source.path);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new SpecError(
      source.kind === "url"
        ? `cannot download the spec from ${source.url}: ${error.message}`
        : `cannot read the spec file ${source.path}: ${error.message}`,
    );
  }
}
