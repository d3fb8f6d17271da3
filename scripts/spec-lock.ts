// openapi/spec.lock.json pins the description generated/ was built from, and says where GitLab
// publishes it (`url`, at the version's tag). Whatever the source (the copy beside the repository, the
// cache, another file, a URL), its bytes must match the lock, so a tampered or truncated download and
// an unintended upgrade both stop the generator; `--update-lock` accepts a new description on purpose.

import { readFile, writeFile } from "node:fs/promises";
import { isRecord } from "./openapi.js";
import { SpecError } from "./spec-source.js";

export { sha256 } from "./gitlab-input.js";

export interface SpecLock {
  readonly version: string;
  readonly sha256: string;
  readonly bytes: number;
  /** GitLab's URL for this description; without one, nothing is downloaded. */
  readonly url?: string | undefined;
}

/** The lock at `file`, or undefined when there is none. */
export async function readLock(file: string): Promise<SpecLock | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new SpecError(`${file} is not valid JSON`);
  }
  if (
    !isRecord(data) ||
    typeof data.version !== "string" ||
    typeof data.sha256 !== "string" ||
    !/^[0-9a-f]{64}$/.test(data.sha256) ||
    typeof data.bytes !== "number" ||
    (data.url !== undefined && (typeof data.url !== "string" || !/^https?:\/\//.test(data.url)))
  ) {
    throw new SpecError(
      `${file} must hold {"version": string, "sha256": 64 hex digits, "bytes": number, "url"?: http(s) URL}`,
    );
  }
  const { version, sha256: hash, bytes, url } = data;
  return { version, sha256: hash, bytes, ...(typeof url === "string" && { url }) };
}

export function verifyAgainstLock(
  lock: SpecLock,
  actual: { sha256: string; bytes: number },
  source: string,
  lockFile: string,
): void {
  if (lock.sha256 === actual.sha256 && lock.bytes === actual.bytes) return;
  throw new SpecError(
    `SHA-256 mismatch for ${source}: got ${actual.sha256} (${actual.bytes} bytes), ` +
      `${lockFile} pins ${lock.sha256} (${lock.bytes} bytes, GitLab ${lock.version}). ` +
      `If you are upgrading on purpose, rerun with --update-lock.`,
  );
}

export async function writeLock(file: string, lock: SpecLock): Promise<void> {
  const { version, sha256: hash, bytes, url } = lock;
  await writeFile(file, `${JSON.stringify({ version, sha256: hash, bytes, url }, null, 2)}\n`);
}
