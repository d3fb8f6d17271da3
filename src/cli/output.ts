import type { GitlabHttpError, GitlabResponse } from "../index.js";
import type { Secrets } from "./secrets.js";
import { write, type Output } from "./io.js";

/** JSON for people on a terminal (indented), for programs otherwise (one line). */
export function formatJson(value: unknown, stream: Output): string {
  return `${JSON.stringify(value, null, stream.isTTY ? 2 : undefined)}\n`;
}

export function writeJson(stream: Output, value: unknown): Promise<void> {
  return write(stream, formatJson(value, stream));
}

/** One item per line, never indented: NDJSON stays parseable line by line even on a terminal. */
export function writeNdjson(stream: Output, item: unknown): Promise<void> {
  return write(stream, `${JSON.stringify(item)}\n`);
}

/** The status line and headers, as `curl -i` shows them, then the blank line before the body. */
export function writeHead(stream: Output, response: GitlabResponse): Promise<void> {
  const lines = [`HTTP/1.1 ${response.status} ${response.statusText}`.trimEnd()];
  for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
  return write(stream, `${lines.join("\n")}\n\n`);
}

/** The body: JSON re-formatted for the stream, anything else byte for byte. */
export async function writeBody(stream: Output, response: GitlabResponse): Promise<void> {
  if (response.body.length === 0) return;
  if (response.isJson) return writeJson(stream, response.json());
  await write(stream, response.body);
}

/** GitLab's error body, for scripts that read what went wrong from stdout (as with glab and gh). */
export async function writeErrorBody(
  stream: Output,
  error: GitlabHttpError,
  secrets: Secrets,
): Promise<void> {
  const body = secrets.mask(error.responseBody);
  if (body === "") return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return write(stream, body.endsWith("\n") ? body : `${body}\n`);
  }
  return writeJson(stream, parsed);
}

/** A decoded operation result: JSON, text or bytes; nothing for an empty response. */
export async function writeResult(stream: Output, result: unknown): Promise<void> {
  if (result === undefined) return;
  if (result instanceof Uint8Array) return write(stream, result);
  if (typeof result === "string")
    return write(stream, result.endsWith("\n") ? result : `${result}\n`);
  return writeJson(stream, result);
}
