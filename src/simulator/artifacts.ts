import { createHash } from "node:crypto";
import { Readable } from "node:stream";

const BLOCK = 64 * 1024;

/** Block `index` of a job's artifact: xorshift32 noise seeded by job and block, so any block can be made alone. */
function block(jobId: number, index: number, size: number): Buffer {
  const buffer = Buffer.alloc(Math.ceil(size / 4) * 4);
  let x = (Math.imul(jobId, 2654435761) ^ Math.imul(index + 1, 40503)) >>> 0 || 1;
  for (let offset = 0; offset < buffer.length; offset += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buffer.writeUInt32LE(x >>> 0, offset);
  }
  return buffer.subarray(0, size);
}

/**
 * The deterministic bytes of a job's artifacts archive, generated block by block as the
 * consumer reads, so a multi-megabyte download is never held in memory.
 */
export function artifactStream(jobId: number, size: number): Readable {
  let index = 0;
  return new Readable({
    read() {
      const offset = index * BLOCK;
      if (offset >= size) {
        this.push(null);
        return;
      }
      this.push(block(jobId, index, Math.min(BLOCK, size - offset)));
      index++;
    },
  });
}

/** SHA-256 (hex) of `artifactStream(jobId, size)`, for tests to check a download against. */
export function artifactSha256(jobId: number, size: number): string {
  const hash = createHash("sha256");
  for (let offset = 0, index = 0; offset < size; offset += BLOCK, index++) {
    hash.update(block(jobId, index, Math.min(BLOCK, size - offset)));
  }
  return hash.digest("hex");
}
