import { Readable } from "node:stream";
import {
  createFinalURL,
  defaultBodySerializer,
  mergeHeaders,
  type BodySerializer,
  type ParamsOption,
  type ParseAs,
  type QuerySerializer,
  type RequestBodyOption,
} from "openapi-fetch";
import type {
  HttpMethod,
  MediaType,
  PathsWithMethod,
  RequiredKeysOf,
  ResponseObjectMap,
  SuccessResponse,
} from "openapi-typescript-helpers";
import { REQUEST_OPTION_KEYS, type RequestOptions } from "./call-policy.js";
import { decodeTyped } from "./decode.js";
import { GitlabOptionError } from "./errors.js";
import { fillPath } from "./path-params.js";
import type { GitlabResponse, GitlabStreamResponse } from "./response.js";
import type { Transport } from "./transport.js";
import { serializeQuery, type QueryParams } from "./url.js";
import { wireBody } from "./wire-body.js";

/**
 * Every path of GitLab's API, once `import "typed-gitlab/paths"` augments it. Until then the typed
 * path calls accept no path: the 5 MB of path types cost type-checking time only to those who use them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by augmentation
export interface GitlabPaths {}

/**
 * A typed path call's second argument: openapi-fetch's `params` and `body` (typed from the path),
 * its `parseAs` and serializers, and every per-request option at the top level. Nothing else.
 */
export type PathCallInit<Op> = ParamsOption<Op> &
  RequestBodyOption<Op> &
  RequestOptions & {
    /** How to read the body: `json` (default), `text`, `blob`, `arrayBuffer`, or `stream` (not buffered). */
    parseAs?: ParseAs;
    querySerializer?: QuerySerializer<Op>;
    bodySerializer?: BodySerializer<Op>;
  };

type Success<Op> =
  ResponseObjectMap<Op> extends infer R extends Record<string | number, unknown>
    ? SuccessResponse<R, MediaType>
    : unknown;
type Parsed<Op> = {
  json: Success<Op>;
  text: string;
  blob: Blob;
  arrayBuffer: ArrayBuffer;
  stream: ReadableStream<Uint8Array>;
};

/** What a typed path call resolves to. Errors throw `Gitlab*` errors, so there is no `error`. */
export interface PathCallResult<T> {
  data: T;
  readonly response: Response;
}

type InitArgs<I> = RequiredKeysOf<I> extends never ? [init?: I] : [init: I];
type Operation<P, M extends HttpMethod> = P extends keyof GitlabPaths
  ? M extends keyof GitlabPaths[P]
    ? GitlabPaths[P][M]
    : never
  : never;

export type PathCall<M extends HttpMethod> = <
  P extends PathsWithMethod<GitlabPaths, M>,
  A extends ParseAs = "json",
>(
  path: P,
  ...init: InitArgs<PathCallInit<Operation<P, M>> & { parseAs?: A }>
) => Promise<PathCallResult<Parsed<Operation<P, M>>[A]>>;

/** Typed calls by REST path, as GitLab's docs write them: `gl.GET("/api/v4/projects/{id}", …)`. */
export interface PathClient {
  GET: PathCall<"get">;
  POST: PathCall<"post">;
  PUT: PathCall<"put">;
  PATCH: PathCall<"patch">;
  DELETE: PathCall<"delete">;
  HEAD: PathCall<"head">;
}

type Method = keyof PathClient;
const METHODS: readonly Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

/** What a typed path call receives at run time; the types live on `PathClient`. */
interface CallInit extends RequestOptions {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: object };
  body?: unknown;
  parseAs?: string;
  querySerializer?: unknown;
  bodySerializer?: unknown;
}

const INIT_KEYS = new Set(["params", "body", "parseAs", "querySerializer", "bodySerializer"]);
const PARAMS_KEYS = new Set(["path", "query", "header"]);
const PARSE_AS = new Set(["json", "text", "blob", "arrayBuffer", "stream"]);

/**
 * The typed path calls' door, over the same transport and decoder as every other call. The URL and
 * body are built with openapi-fetch's own serializers; path parameters go through the same guards
 * as generated calls; queries are written the way Grape reads them (`key[]=a&key[]=b`).
 */
export function createPathClient(transport: Transport, instanceUrl: string): PathClient {
  const baseUrl = instanceUrl.replace(/\/+$/, "");
  const client = {} as Record<Method, (path: string, init?: CallInit) => Promise<unknown>>;
  for (const method of METHODS) {
    client[method] = (path, init = {}) => callPath(transport, baseUrl, method, path, init);
  }
  return client as unknown as PathClient;
}

async function callPath(
  transport: Transport,
  baseUrl: string,
  method: Method,
  path: string,
  init: CallInit,
): Promise<PathCallResult<unknown>> {
  const {
    params = {},
    body,
    parseAs = "json",
    querySerializer,
    bodySerializer,
    ...options
  } = checkInit(init);
  const url = createFinalURL(path, {
    baseUrl,
    params,
    querySerializer: (querySerializer ?? defaultQuery) as (query: unknown) => string,
    pathSerializer: (template, values) => fillPath(template, values, `${method} ${path}`),
  });
  const serialize = (bodySerializer ?? defaultBodySerializer) as (
    body: unknown,
    headers: Headers,
  ) => unknown;
  const serialized =
    body === undefined
      ? undefined
      : serialize(body, mergeHeaders(options.headers, params.header as Record<string, string>));
  // As openapi-fetch does: JSON unless there is no body or it is a form, then the caller's headers.
  const merged = mergeHeaders(
    serialized === undefined || serialized instanceof FormData
      ? {}
      : { "Content-Type": "application/json" },
    params.header as Record<string, string> | undefined,
    options.headers,
  );
  const wire =
    serialized === undefined
      ? undefined
      : await wireBody(serialized, merged.get("content-type") ?? undefined);
  const headers = Object.fromEntries(merged);
  if (wire?.contentType !== undefined) headers["content-type"] = wire.contentType;
  const request = { method, url, headers, ...(wire && { body: wire.body }), options };
  if (parseAs === "stream") return streamed(await transport.sendStreamed(request));
  const response = await transport.send(request);
  return withLazyResponse(parse(response, parseAs), response);
}

function checkInit(init: CallInit): CallInit {
  if (typeof init !== "object" || init === null)
    throw new GitlabOptionError("init", "expected an object");
  for (const key of Object.keys(init)) {
    if (!INIT_KEYS.has(key) && !REQUEST_OPTION_KEYS.has(key))
      throw new GitlabOptionError(key, "unknown option");
  }
  for (const key of Object.keys(init.params ?? {})) {
    if (!PARAMS_KEYS.has(key))
      throw new GitlabOptionError(`params.${key}`, "expected path, query or header");
  }
  if (init.parseAs !== undefined && !PARSE_AS.has(init.parseAs)) {
    throw new GitlabOptionError("parseAs", `expected one of ${[...PARSE_AS].join(", ")}`);
  }
  for (const key of ["querySerializer", "bodySerializer"] as const) {
    if (init[key] !== undefined && typeof init[key] !== "function")
      throw new GitlabOptionError(key, "expected a function");
  }
  return init;
}

const defaultQuery = (query: unknown) => serializeQuery(query as QueryParams);

function parse(response: GitlabResponse, parseAs: string): unknown {
  if (parseAs === "json") return decodeTyped(response, "json");
  if (parseAs === "text") return decodeTyped(response, "text");
  const bytes = decodeTyped(response, "binary") as Buffer | undefined;
  if (bytes === undefined) return undefined;
  if (parseAs === "blob") {
    return new Blob([bytes], { type: response.headers.get("content-type") ?? "" });
  }
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

function streamed(response: GitlabStreamResponse): PathCallResult<unknown> {
  const web = toWebResponse(response);
  return { data: web.body ?? undefined, response: web };
}

/** `{ data, response }` with `response` built the first time it is read: most callers only want `data`. */
function withLazyResponse(data: unknown, response: GitlabResponse): PathCallResult<unknown> {
  let made: Response | undefined;
  // A getter in the literal itself: spreading one in would call it.
  return {
    data,
    get response(): Response {
      made ??= toWebResponse(response);
      return made;
    },
  };
}

/** Statuses whose Response must have a null body (Fetch standard). */
const NULL_BODY = new Set([101, 204, 205, 304]);

/** The transport's response as a WHATWG Response (what openapi-fetch hands its callers). */
function toWebResponse(response: GitlabResponse | GitlabStreamResponse): Response {
  const payload =
    NULL_BODY.has(response.status) || response.method === "HEAD"
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
