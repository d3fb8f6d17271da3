import { Readable } from "node:stream";
import axios, { type AxiosInstance } from "axios";
import { isNetworkError } from "axios-retry";
import { proxyFailureOf, type ConnectionAgents, type ProxyRefusal } from "./agents.js";
import { ResponseHeaders } from "./headers.js";

/** One attempt, ready for the wire. */
export interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer | string | FormData | URLSearchParams | Readable | undefined;
  /** Hand back the body as a stream once the headers are in (error bodies are still read, capped). */
  readonly stream: boolean;
  /** The attempt's deadline linked with the caller's signal. */
  readonly signal: AbortSignal;
}

export interface WireResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: ResponseHeaders;
  /** A Buffer, or a stream for a streamed success. An error body is always a Buffer, at most 64 KiB. */
  readonly body: Buffer | Readable;
}

/** An attempt that got no (whole) response. Plain data: nothing that references the request or its headers. */
export interface WireFailure {
  readonly code: string | undefined;
  readonly message: string;
  /** The status and headers arrived, the body broke off. */
  readonly bodyBroken: boolean;
  /** Worth another attempt: a reset, a refused connection… not a certificate GitLab will present again. */
  readonly transient: boolean;
  /** A proxy could not be reached or refused to carry the request. */
  readonly proxy?: ProxyRefusal | undefined;
}

export type WireResult =
  | { readonly ok: true; readonly response: WireResponse }
  | { readonly ok: false; readonly failure: WireFailure };

export const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * The one module that knows axios: one attempt in, a response or a failure out, never an axios
 * error (those hold the request config, auth header included). Redirects, retries, deadlines and
 * errors are the transport's.
 */
export class HttpAdapter {
  readonly #axios: AxiosInstance;
  readonly #agents: ConnectionAgents;

  constructor(agents: ConnectionAgents) {
    this.#agents = agents;
    this.#axios = axios.create({
      maxRedirects: 0,
      validateStatus: () => true,
      // Proxies are chosen per URL by the agents (src/agents.ts): axios must not apply its own.
      proxy: false,
      // Bodies are decoded by the client, not by axios, so that a bad body is a GitlabParsingError.
      transitional: {
        silentJSONParsing: true,
        forcedJSONParsing: false,
        clarifyTimeoutError: true,
      },
    });
  }

  async send(request: WireRequest): Promise<WireResult> {
    try {
      const response = await this.#axios.request<Buffer | Readable>({
        method: request.method,
        url: request.url,
        headers: request.headers,
        data: request.body,
        responseType: request.stream ? "stream" : "arraybuffer",
        signal: request.signal,
        ...this.#agents.for(request.url),
      });
      const refusal = this.#agents.forwardRefusal(
        request.url,
        response.status,
        response.statusText,
      );
      if (refusal !== undefined) {
        if (response.data instanceof Readable) response.data.destroy();
        return { ok: false, failure: { ...PROXY_FAILURE, code: refusal.code, proxy: refusal } };
      }
      const body =
        response.status >= 400 && response.data instanceof Readable
          ? await readCapped(response.data, ERROR_BODY_LIMIT)
          : response.data;
      return {
        ok: true,
        response: {
          status: response.status,
          statusText: response.statusText,
          headers: new ResponseHeaders(response.headers),
          body: Buffer.isBuffer(body) || body instanceof Readable ? body : Buffer.alloc(0),
        },
      };
    } catch (error) {
      return { ok: false, failure: toFailure(error) };
    }
  }
}

const PROXY_FAILURE = { message: "proxy refused", bodyBroken: false, transient: false } as const;

function toFailure(error: unknown): WireFailure {
  if (!axios.isAxiosError(error)) {
    return { code: undefined, message: String(error), bodyBroken: false, transient: false };
  }
  const proxy = proxyFailureOf(error);
  // A proxy that answered with a refusal answers the same again; one out of reach may come back.
  if (proxy !== undefined) {
    return {
      code: proxy.code,
      message: proxy.reason,
      bodyBroken: false,
      transient: proxy.responseCode === undefined,
      proxy,
    };
  }
  // axios attaches the response when a body breaks off after the headers.
  const bodyBroken =
    error.response !== undefined ||
    error.code === "ERR_BAD_RESPONSE" ||
    /aborted|premature/i.test(error.message);
  return {
    code: error.code,
    message: error.message || "connection failed",
    bodyBroken,
    transient: bodyBroken || isNetworkError(error),
  };
}

async function readCapped(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.from(chunk as Uint8Array);
      chunks.push(buffer);
      size += buffer.length;
      if (size >= limit) break;
    }
  } catch {
    // A broken error body still leaves the status, which is what matters here.
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, limit);
}
