import { Readable } from "node:stream";
import type { RequestOptions } from "./request-options.js";
import type { GitlabResponse, GitlabStreamResponse } from "./response.js";
import type { Transport } from "./transport.js";

/** Statuses whose Response must have a null body (Fetch standard). */
const NULL_BODY = new Set([101, 204, 205, 304]);

export interface TransportFetchHooks {
  options?: RequestOptions;
  streamed?: boolean;
  /** Receives the transport's own response, so callers can decode it without a second pass. */
  onResponse?: (response: GitlabResponse | GitlabStreamResponse) => void;
}

/**
 * A `fetch` for openapi-fetch that sends through the transport, so typed path calls get the same
 * auth, retries, rate limiting and errors as the escape hatch. Typed path calls take a faster road
 * for their common options (src/path-client.ts); this serves the rest.
 */
export function transportFetch(transport: Transport, hooks: TransportFetchHooks = {}) {
  return async (request: Request): Promise<Response> => {
    const headers = Object.fromEntries(request.headers);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const options = { ...hooks.options, signal: hooks.options?.signal ?? request.signal };
    const sent = { method: request.method, url: request.url, headers, body, options };
    const response = hooks.streamed
      ? await transport.sendStreamed(sent)
      : await transport.send(sent);
    hooks.onResponse?.(response);
    return toWebResponse(response, request.method);
  };
}

/** The transport's response as a WHATWG Response (what openapi-fetch hands its callers). */
export function toWebResponse(
  response: GitlabResponse | GitlabStreamResponse,
  method: string,
): Response {
  const payload =
    NULL_BODY.has(response.status) || method === "HEAD"
      ? null
      : response.body instanceof Readable
        ? (Readable.toWeb(response.body) as ReadableStream<Uint8Array>)
        : response.body;
  return new Response(payload, {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers],
  });
}

/**
 * A request body as bytes or text for the transport, so that a retry can replay it. Anything else
 * (a form, a Blob, a stream) is serialized by a WHATWG Response, which also gives its content type
 * (a form's multipart boundary): the same bytes a WHATWG Request would have sent.
 */
export async function wireBody(
  body: unknown,
  contentType: string | undefined,
): Promise<{ body: Buffer | string; contentType?: string }> {
  if (typeof body === "string") return { body, ...(contentType && { contentType }) };
  if (body instanceof Uint8Array) {
    return {
      body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
      ...(contentType && { contentType }),
    };
  }
  const serialized = new Response(body as ConstructorParameters<typeof Response>[0]);
  const type = contentType ?? serialized.headers.get("content-type") ?? undefined;
  return {
    body: Buffer.from(await serialized.arrayBuffer()),
    ...(type && { contentType: type }),
  };
}
