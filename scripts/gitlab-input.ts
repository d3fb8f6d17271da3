// GitLab's own files (the OpenAPI description, and any other GitLab file the generator may read) are
// inputs, like packages: never committed, pinned by checksum, fetched. This module finds the bytes of
// one such file: a copy beside the repository, else the cache, else a download from GitLab's
// repository at the pinned tag (or from a mirror of gitlab.com). Whatever the source, the bytes must
// match the pin, and the first verified read is cached so every later run is offline.

import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

export class InputError extends Error {}

/** A GitLab file pinned by checksum, with where GitLab publishes it at the pinned version. */
export interface PinnedInput {
  /** For messages, e.g. "GitLab's OpenAPI description (GitLab 19.5)". */
  readonly what: string;
  readonly sha256: string;
  readonly bytes: number;
  /** GitLab's URL for the file at the pinned tag; without one, nothing is downloaded. */
  readonly url?: string | undefined;
}

export interface InputLocations {
  /** Copies that may sit beside the repository (CI provides one), tried first. */
  readonly localCopies: readonly string[];
  /** Git-ignored folder where verified copies are kept. */
  readonly cacheDir: string;
  /** A mirror of https://gitlab.com/ (same paths), used instead of gitlab.com when set. */
  readonly mirror?: string | undefined;
}

/** Where one attempt looked, and why it found nothing usable. */
export interface Attempt {
  readonly where: string;
  readonly failure: string;
}

const GITLAB_COM = "https://gitlab.com/";
const DOWNLOAD_TIMEOUT_MS = 120_000;

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The cached copy of a pinned file: named by its checksum, so two pins never share a file. */
export function cachePath(sha: string, cacheDir: string): string {
  return join(cacheDir, sha);
}

/** GitLab's URL, or the same path on the mirror. */
export function downloadUrl(url: string, mirror: string | undefined): string {
  if (mirror === undefined || !url.startsWith(GITLAB_COM)) return url;
  return `${mirror.replace(/\/+$/, "")}/${url.slice(GITLAB_COM.length)}`;
}

export function mismatch(input: Omit<PinnedInput, "what">, bytes: Buffer): string | undefined {
  const hash = sha256(bytes);
  if (hash === input.sha256 && bytes.length === input.bytes) return undefined;
  return `SHA-256 ${hash} (${bytes.length} bytes) is not the pinned ${input.sha256} (${input.bytes} bytes)`;
}

/**
 * The pinned file's bytes from the first location that has them, verified; cached when they did
 * not come from the cache. Throws an InputError listing every location tried and why it failed.
 */
export async function readPinnedInput(
  input: PinnedInput,
  where: InputLocations,
): Promise<{ bytes: Buffer; source: string }> {
  const attempts: Attempt[] = [];
  const cached = cachePath(input.sha256, where.cacheDir);
  const candidates: Array<{ where: string; read: () => Promise<Buffer>; cache: boolean }> = [
    ...where.localCopies.map((file) => ({ where: file, read: () => readLocal(file), cache: true })),
    { where: `cache ${cached}`, read: () => readLocal(cached), cache: false },
  ];
  if (input.url !== undefined) {
    const url = downloadUrl(input.url, where.mirror);
    candidates.push({ where: url, read: () => download(url), cache: true });
  }

  for (const candidate of candidates) {
    let bytes: Buffer;
    try {
      bytes = await candidate.read();
    } catch (error) {
      attempts.push({ where: candidate.where, failure: (error as Error).message });
      continue;
    }
    const wrong = mismatch(input, bytes);
    if (wrong !== undefined) {
      attempts.push({ where: candidate.where, failure: `refused: ${wrong}` });
      continue;
    }
    if (candidate.cache) await writeCache(input.sha256, where.cacheDir, bytes);
    return { bytes, source: candidate.where };
  }
  throw new InputError(
    [
      `cannot find ${input.what} (sha256 ${input.sha256}, ${input.bytes} bytes). Tried:`,
      ...attempts.map((attempt) => `  - ${attempt.where}: ${attempt.failure}`),
      `Provide the file with GITLAB_OPENAPI_SPEC=<path or http(s) URL> (or --spec); where gitlab.com`,
      `cannot be reached, set GITLAB_OPENAPI_MIRROR to a mirror of ${GITLAB_COM}. After one verified`,
      `read it is kept in ${where.cacheDir} and later runs need no network.`,
    ].join("\n"),
  );
}

/** Keeps verified bytes in the cache; written whole or not at all (a rename), so a crash leaves no torn file. */
export async function writeCache(sha: string, cacheDir: string, bytes: Buffer): Promise<void> {
  const file = cachePath(sha, cacheDir);
  await mkdir(cacheDir, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, file);
}

/** The cached copy, if there is one and it still matches the pin. */
export async function readCached(
  input: Omit<PinnedInput, "what">,
  cacheDir: string,
): Promise<Buffer | undefined> {
  try {
    const bytes = await readLocal(cachePath(input.sha256, cacheDir));
    return mismatch(input, bytes) === undefined ? bytes : undefined;
  } catch {
    return undefined;
  }
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${code} (${cause.message})` : cause.message;
  }
  return error.message;
}

export async function readLocal(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" ? "no such file" : causeOf(error));
  }
}

export async function download(url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    throw new InputError(causeOf(error));
  }
  if (!response.ok) throw new InputError(`HTTP ${response.status} ${response.statusText}`);
  return Buffer.from(await response.arrayBuffer());
}
