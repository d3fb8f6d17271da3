import createClient, {
  createFinalURL,
  defaultBodySerializer,
  defaultPathSerializer,
  mergeHeaders,
  type Client,
  type HeadersOptions,
} from "openapi-fetch";
import { toWebResponse, transportFetch, wireBody } from "./fetch-adapter.js";
import type { GitlabResponse } from "./response.js";
import type { Transport } from "./transport.js";
import { serializeQuery, type QueryParams } from "./url.js";

/**
 * Every path of GitLab's API, once `import "typed-gitlab/paths"` augments it. Until then the typed
 * path calls accept no path: the 5 MB of path types cost type-checking time only to those who use them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by augmentation
export interface GitlabPaths {}

/** Typed calls by REST path, as GitLab's docs write them: `gl.GET("/api/v4/projects/{id}", …)`. */
export type PathClient = Pick<
  Client<GitlabPaths>,
  "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD"
>;

type Method = keyof PathClient;
const METHODS: readonly Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

/** What a typed path call receives at run time; the types live on `PathClient`. */
interface CallInit {
  params?: {
    path?: Record<string, unknown>;
    query?: Record<string, unknown>;
    header?: HeadersOptions;
  };
  body?: unknown;
  headers?: HeadersOptions;
  parseAs?: string;
  signal?: AbortSignal;
  querySerializer?: unknown;
  bodySerializer?: unknown;
}
type UntypedCall = (
  path: string,
  init?: CallInit,
) => Promise<{ data?: unknown; response: Response }>;

/**
 * The options the direct road understands. Anything else (a custom fetch, Request, middleware,
 * baseUrl, pathSerializer, another parseAs, cookies, RequestInit fields) goes through openapi-fetch.
 */
const DIRECT_KEYS = new Set([
  "params",
  "body",
  "headers",
  "parseAs",
  "signal",
  "querySerializer",
  "bodySerializer",
]);
const DIRECT_PARAMS = new Set(["path", "query", "header"]);

function isDirect(init: CallInit): boolean {
  for (const key of Object.keys(init)) if (!DIRECT_KEYS.has(key)) return false;
  for (const key of Object.keys(init.params ?? {})) if (!DIRECT_PARAMS.has(key)) return false;
  return (
    (init.parseAs === undefined || init.parseAs === "json" || init.parseAs === "text") &&
    (init.querySerializer === undefined || typeof init.querySerializer === "function") &&
    (init.bodySerializer === undefined || typeof init.bodySerializer === "function")
  );
}

/**
 * Typed path calls over the transport. Path parameters are encoded as one segment by openapi-fetch's
 * serializer; queries are written the way Grape reads them (`key[]=a&key[]=b`), as everywhere else.
 *
 * The common calls skip openapi-fetch's request pipeline and send straight through the transport:
 * building a WHATWG Request and Response around every call, and reading the body back through web
 * streams, cost ~150 µs of CPU per request (40 % over raw axios on loopback). They still build the
 * URL, headers and body with openapi-fetch's own helpers, so the wire is the same; `response` is
 * made on first access. Errors throw the same `Gitlab*` errors as every other call.
 */
export function createPathClient(transport: Transport, instanceUrl: string): PathClient {
  const querySerializer = (query: unknown) => serializeQuery(query as QueryParams);
  const client = createClient<GitlabPaths>({
    baseUrl: instanceUrl,
    fetch: transportFetch(transport),
    querySerializer,
  });
  const baseUrl = instanceUrl.replace(/\/+$/, "");

  const direct = async (method: Method, path: string, init: CallInit) => {
    const { params = {}, body, headers, parseAs = "json", signal } = init;
    const serializeBody = (init.bodySerializer ?? defaultBodySerializer) as (
      body: unknown,
      headers: Headers,
    ) => unknown;
    const url = createFinalURL(path, {
      baseUrl,
      params,
      querySerializer: (init.querySerializer ?? querySerializer) as (query: unknown) => string,
      pathSerializer: defaultPathSerializer,
    });
    const serialized =
      body === undefined ? undefined : serializeBody(body, mergeHeaders(headers, params.header));
    // As openapi-fetch does: JSON unless there is no body or it is a form, then the caller's headers.
    const merged = mergeHeaders(
      serialized === undefined || serialized instanceof FormData
        ? {}
        : { "Content-Type": "application/json" },
      headers,
      params.header,
    );
    const wire =
      serialized === undefined
        ? undefined
        : await wireBody(serialized, merged.get("content-type") ?? undefined);
    const sentHeaders = Object.fromEntries(merged);
    if (wire?.contentType !== undefined) sentHeaders["content-type"] = wire.contentType;
    const response = await transport.send({
      method,
      url,
      headers: sentHeaders,
      ...(wire && { body: wire.body }),
      ...(signal && { options: { signal } }),
    });
    return withLazyResponse(decode(response, method, parseAs), response, method);
  };

  const paths = {} as Record<Method, UntypedCall>;
  for (const method of METHODS) {
    const viaOpenapiFetch = client[method] as unknown as UntypedCall;
    paths[method] = (path, init = {}) =>
      isDirect(init) ? direct(method, path, init) : viaOpenapiFetch(path, init);
  }
  return paths as unknown as PathClient;
}

/** openapi-fetch's reading of a success: nothing for 204, HEAD or an empty body; else JSON or text. */
function decode(response: GitlabResponse, method: string, parseAs: string): unknown {
  if (response.status === 204 || method === "HEAD" || response.body.length === 0) return undefined;
  return parseAs === "text" ? response.text() : response.json();
}

/** `{ data, response }` with `response` built the first time it is read: most callers only want `data`. */
function withLazyResponse(
  data: unknown,
  response: GitlabResponse,
  method: string,
): { data: unknown; readonly response: Response } {
  let made: Response | undefined;
  // A getter in the literal itself: spreading one in would call it.
  return {
    data,
    get response(): Response {
      made ??= toWebResponse(response, method);
      return made;
    },
  };
}
