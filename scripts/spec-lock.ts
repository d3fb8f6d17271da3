// openapi/spec.lock.json pins the description generated/ was built from. Whatever the source (pinned
// file, another file, a URL), its bytes must match the lock, so a tampered or truncated download and an
// unintended upgrade both stop the generator; `--update-lock` accepts a new description on purpose.

import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { isRecord } from "./openapi.js";
import { SpecError } from "./spec-source.js";

export interface SpecLock {
  readonly version: string;
  readonly sha256: string;
  readonly bytes: number;
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
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
    typeof data.bytes !== "number"
  ) {
    throw new SpecError(
      `${file} must hold {"version": string, "sha256": 64 hex digits, "bytes": number}`,
    );
  }
  return { version: data.version, sha256: data.sha256, bytes: data.bytes };
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
  const { version, sha256: hash, bytes } = lock;
  await writeFile(file, `${JSON.stringify({ version, sha256: hash, bytes }, null, 2)}\n`);
}
