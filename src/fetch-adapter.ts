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
 * A `fetch` for openapi-fetch that sends through the transport, so typed path calls and generated
 * endpoints get the same auth, retries, rate limiting and errors as the escape hatch.
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
    const payload =
      NULL_BODY.has(response.status) || request.method === "HEAD"
        ? null
        : response.body instanceof Readable
          ? (Readable.toWeb(response.body) as ReadableStream<Uint8Array>)
          : response.body;
    return new Response(payload, {
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers],
    });
  };
}
