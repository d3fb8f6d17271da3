import { once } from "node:events";
import type { Readable, Writable } from "node:stream";

/** A stream that may be a terminal: `process.stdout` and `process.stderr` are. */
export type Output = Writable & { isTTY?: boolean; columns?: number };

/** Where a command reads and writes; `process` in real use, so commands never touch globals. */
export interface CliIo {
  stdout: Output;
  stderr: Output;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** Write and wait for the stream to drain when it is full, so a slow reader holds back pagination. */
export async function write(stream: Writable, chunk: string | Uint8Array): Promise<void> {
  if (!stream.write(chunk)) await once(stream, "drain");
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
