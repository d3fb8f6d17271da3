import type { BodyInput } from "./body.js";
import type { RequestOptions } from "./call-policy.js";
import { optionsFromEnv } from "./config/env.js";
import { optionsFromConfig } from "./config/python-gitlab.js";
import { Credentials } from "./credentials.js";
import { decodeLoose, decodeTyped } from "./decode.js";
import type { operations as MetadataOperations } from "../generated/types/metadata.js";
import {
  RUN_OPERATION,
  type Endpoint,
  type EndpointParams,
  type EndpointResult,
  type ListEndpoint,
  type OperationMeta,
  type OperationRunner,
} from "./endpoint.js";
import { GitlabOptionError, GitlabPaginationError, GitlabParsingError } from "./errors.js";
import { GitlabList } from "./gitlab-list.js";
import type { ResponseHeaders } from "./headers.js";
import { buildHttpRequest, type HttpRequestOptions } from "./http-request.js";
import { buildOperationRequest, operationBodyKind, operationUrl } from "./operation-request.js";
import type { GitlabOptions } from "./options.js";
import { Paginated, type ListItem, type PaginateOptions } from "./paginated.js";
import { pageInfo } from "./pagination.js";
import { createPathClient, type PathClient } from "./path-client.js";
import { Redactor } from "./redact.js";
import {
  optionalBoolean,
  optionalInteger,
  resolveOptions,
  type ResolvedOptions,
} from "./resolve-options.js";
import { createResponseChecker, type ResponseChecker } from "./response-check/index.js";
import type { GitlabResponse, GitlabStreamResponse } from "./response.js";
import { Transport } from "./transport.js";
import { resolvePath, serializeQuery, withQuery, type QueryParams } from "./url.js";

export type HttpGetOptions = RequestOptions & {
  queryParams?: QueryParams;
  /** Return the response as-is, even when it is JSON. */
  raw?: boolean;
  /** Return the response with its body as a stream (downloads, archives). */
  streamed?: boolean;
};

export type HttpWriteOptions = RequestOptions & BodyInput & { queryParams?: QueryParams };

export type HttpListOptions = RequestOptions & {
  queryParams?: QueryParams;
  /** A lazy `GitlabList` that fetches pages as you consume it. */
  iterator?: boolean;
  /** Every item of every page. `false` silences the "more pages exist" warning. */
  getAll?: boolean;
  /** This page only. */
  page?: number;
  perPage?: number;
  /** Pages fetched ahead of the consumer when GitLab gives the total (offset pagination). Default 8; 1 = sequential. */
  prefetch?: number;
};

/**
 * `GET /user`: who the token belongs to. The fields every GitLab sends are typed; the rest are there
 * as `unknown` (the full type is `getApiV4User`'s, which costs every program the users types).
 */
export interface CurrentUser {
  id: number;
  username: string;
  name: string;
  state: string;
  web_url: string;
  [field: string]: unknown;
}
/** `GET /version`: `version` (e.g. "19.5.0-ee"), `revision`, `enterprise`, `kas`. */
export type InstanceVersion = EndpointResult<MetadataOperations["getApiV4Version"]>;

const LIST_DEFAULT_PER_PAGE = 100;
const LIST_DEFAULT_PREFETCH = 8;

/**
 * A GitLab client. The `http*` methods are the escape hatch for any endpoint: they bring auth,
 * retries, rate limits, timeouts and pagination, and leave URL-encoding of the path to the caller.
 */
export class Gitlab implements OperationRunner {
  /** The instance URL, e.g. `https://gitlab.com`. */
  readonly url: string;
  /** The API base, e.g. `https://gitlab.com/api/v4`. */
  readonly apiUrl: string;
  readonly #options: ResolvedOptions;
  readonly #transport: Transport;
  /** Only with `checkResponses: "warn"`: until then neither ajv nor the schemas are loaded. */
  readonly #checker: ResponseChecker | undefined;

  /**
   * Typed calls by REST path (openapi-fetch): `const { data } = await gl.GET("/api/v4/projects/{id}", { params: { path: { id: "group/project" } } })`.
   * Errors throw the same `Gitlab*` errors as every other call, so `error` is never set.
   */
  readonly GET: PathClient["GET"];
  readonly POST: PathClient["POST"];
  readonly PUT: PathClient["PUT"];
  readonly PATCH: PathClient["PATCH"];
  readonly DELETE: PathClient["DELETE"];
  readonly HEAD: PathClient["HEAD"];

  constructor(options: GitlabOptions = {}) {
    this.#options = resolveOptions(options);
    const redactor = new Redactor();
    const { auth } = this.#options;
    const credentials = auth && new Credentials(auth.kind, auth.source, redactor);
    this.#transport = new Transport(this.#options, credentials, redactor);
    this.#checker =
      this.#options.checkResponses === "warn"
        ? createResponseChecker({ logger: this.#options.logger, redact: this.#transport.redact })
        : undefined;
    const paths = createPathClient(this.#transport, this.#options.url);
    this.GET = paths.GET;
    this.POST = paths.POST;
    this.PUT = paths.PUT;
    this.PATCH = paths.PATCH;
    this.DELETE = paths.DELETE;
    this.HEAD = paths.HEAD;
    this.url = this.#options.url;
    this.apiUrl = this.#options.apiBase;
  }

  /** A client from `GITLAB_URL` and `GITLAB_TOKEN`/`GITLAB_PRIVATE_TOKEN`/`GITLAB_OAUTH_TOKEN`, or GitLab CI's `CI_SERVER_URL` and `CI_JOB_TOKEN`. */
  static fromEnv(overrides: GitlabOptions = {}, env: NodeJS.ProcessEnv = process.env): Gitlab {
    return new Gitlab({ ...withoutAuthIfOverridden(optionsFromEnv(env), overrides), ...overrides });
  }

  /**
   * A client from python-gitlab's configuration files (`PYTHON_GITLAB_CFG`, else `/etc/python-gitlab.cfg`
   * overlaid by `~/.python-gitlab.cfg`): the named section, else `[global] default`.
   */
  static fromConfig(name?: string, files?: string[], overrides: GitlabOptions = {}): Gitlab {
    return new Gitlab({
      ...withoutAuthIfOverridden(optionsFromConfig(name, files), overrides),
      ...overrides,
    });
  }

  /** Send any request. Throws a `GitlabHttpError` for a non-success status. */
  httpRequest(options: HttpRequestOptions & { streamed: true }): Promise<GitlabStreamResponse>;
  httpRequest(options: HttpRequestOptions): Promise<GitlabResponse>;
  async httpRequest(options: HttpRequestOptions): Promise<GitlabResponse | GitlabStreamResponse> {
    const { streamed, ...rest } = options ?? {};
    const request = buildHttpRequest(this.apiUrl, this.#options.origin, rest as HttpRequestOptions);
    return optionalBoolean("streamed", streamed)
      ? this.#transport.sendStreamed(request)
      : this.#transport.send(request);
  }

  /** GET: parsed JSON for a JSON response; the response itself for other content, with `raw`, or (streaming) with `streamed`. */
  httpGet(
    path: string,
    options: HttpGetOptions & { streamed: true },
  ): Promise<GitlabStreamResponse>;
  httpGet(path: string, options: HttpGetOptions & { raw: true }): Promise<GitlabResponse>;
  /** `T` is what you expect GitLab's JSON to be; a non-JSON response comes back as the response itself. */
  httpGet<T = unknown>(path: string, options?: HttpGetOptions): Promise<T>;
  async httpGet(path: string, options: HttpGetOptions = {}): Promise<unknown> {
    const { raw, streamed, ...rest } = options;
    if (optionalBoolean("streamed", streamed))
      return this.httpRequest({ ...rest, verb: "GET", path, streamed: true });
    const response = await this.httpRequest({ ...rest, verb: "GET", path });
    return optionalBoolean("raw", raw) ? response : decodeLoose(response);
  }

  /** HEAD: the response headers. */
  async httpHead(
    path: string,
    options: RequestOptions & { queryParams?: QueryParams } = {},
  ): Promise<ResponseHeaders> {
    return (await this.httpRequest({ ...options, verb: "HEAD", path })).headers;
  }

  /** POST: `postData` as JSON, `files` as multipart, `raw` bytes as-is. Parsed JSON back, or the response for anything else. */
  httpPost<T = unknown>(path: string, options: HttpWriteOptions = {}): Promise<T> {
    return this.#write("POST", path, options) as Promise<T>;
  }

  /** PUT, as `httpPost`. */
  httpPut<T = unknown>(path: string, options: HttpWriteOptions = {}): Promise<T> {
    return this.#write("PUT", path, options) as Promise<T>;
  }

  /** PATCH, as `httpPost`. */
  httpPatch<T = unknown>(path: string, options: HttpWriteOptions = {}): Promise<T> {
    return this.#write("PATCH", path, options) as Promise<T>;
  }

  /** DELETE: the response (usually 204, no body). */
  httpDelete(
    path: string,
    options: RequestOptions & { queryParams?: QueryParams } = {},
  ): Promise<GitlabResponse> {
    return this.httpRequest({ ...options, verb: "DELETE", path });
  }

  /**
   * GET a list. `iterator: true` → a lazy `GitlabList`; `getAll: true` → every item; `page` → that
   * page; neither → the first page, with a warning when there are more (pass `getAll: false` to silence it).
   */
  httpList<T = unknown>(
    path: string,
    options: HttpListOptions & { iterator: true },
  ): Promise<GitlabList<T>>;
  httpList<T = unknown>(path: string, options?: HttpListOptions): Promise<T[]>;
  async httpList<T = unknown>(
    path: string,
    options: HttpListOptions = {},
  ): Promise<GitlabList<T> | T[]> {
    const { queryParams, iterator, getAll, page, perPage, prefetch, ...requestOptions } = options;
    const lazy = optionalBoolean("iterator", iterator) ?? false;
    const all = optionalBoolean("getAll", getAll);
    const pageNumber = optionalInteger("page", page, 1);
    const wholeList = lazy || (all === true && pageNumber === undefined);
    const size =
      optionalInteger("perPage", perPage, 1, 100) ??
      this.#options.perPage ??
      (wholeList ? LIST_DEFAULT_PER_PAGE : undefined);
    const query: QueryParams = {
      ...(pageNumber && { page: pageNumber }),
      ...(size && { per_page: size }),
      // What the caller wrote in the query wins over the defaults.
      ...queryParams,
    };
    const url = withQuery(
      resolvePath(this.apiUrl, this.#options.origin, path),
      serializeQuery(query),
    );
    if (!wholeList) {
      const page = await this.#fetchPage(url, requestOptions);
      const info = pageInfo(page.headers);
      if (all === undefined && pageNumber === undefined && info.nextPage !== undefined) {
        this.#options.logger.warn(
          `httpList(${this.#transport.redact(path)}) returned only the first ${page.items.length} items` +
            `${info.total === undefined ? "" : ` of ${info.total}`}; pass getAll: true or iterator: true for all of them, ` +
            `or getAll: false to silence this warning`,
        );
      }
      return page.items as T[];
    }
    const list = await this.#openList<T>(url, requestOptions, prefetch);
    return lazy ? list : list.all();
  }

  /**
   * The user the token belongs to (`GET /user`). Warns, as python-gitlab's `auth()` does, when the
   * user's `web_url` is on another origin than the configured URL: GitLab's `external_url` is then
   * not the URL you use, and the links GitLab sends (pagination included) point elsewhere.
   */
  async auth(options: RequestOptions = {}): Promise<CurrentUser> {
    const user = (await this.httpGet("/user", { ...options, raw: true })).json<CurrentUser>();
    const webUrl = typeof user?.web_url === "string" ? user.web_url : undefined;
    const origin =
      webUrl === undefined || !URL.canParse(webUrl) ? undefined : new URL(webUrl).origin;
    if (origin !== undefined && origin !== this.#options.origin) {
      this.#options.logger.warn(
        `GitLab says this user's web_url is on ${origin}, not on the configured ${this.#options.origin}: ` +
          `its external_url is probably misconfigured (or the URL you use is an alias), so the links it ` +
          `sends, pagination included, point to ${origin}. Use the external URL, or keepBaseUrl: true.`,
      );
    }
    return user;
  }

  /** The instance's version (`GET /version`). */
  async version(options: RequestOptions = {}): Promise<InstanceVersion> {
    return (await this.httpGet("/version", { ...options, raw: true })).json<InstanceVersion>();
  }

  /** The runtime behind generated endpoint functions: `getApiV4ProjectsId(gl, params)` lands here. */
  async [RUN_OPERATION](
    meta: OperationMeta,
    params: object,
    options?: RequestOptions,
  ): Promise<unknown> {
    const request = await buildOperationRequest(this.url, meta, params, options);
    const response = await this.#transport.send(request);
    const kind = operationBodyKind(meta);
    const value = decodeTyped(response, kind);
    if (kind === "json" && value !== undefined) {
      void this.#checker?.check(meta.operationId, response.status, value);
    }
    return value;
  }

  /** Call a generated endpoint and get its body as a stream: `gl.stream(getApiV4ProjectsIdJobsJobIdArtifacts, …)`. */
  stream<Op>(
    fn: Endpoint<Op>,
    params: EndpointParams<Op>,
    options?: RequestOptions,
  ): Promise<GitlabStreamResponse> {
    return buildOperationRequest(this.url, fn.meta, params, options).then((request) =>
      this.#transport.sendStreamed(request),
    );
  }

  /**
   * Every item of a generated list endpoint, typed, following GitLab's pagination lazily:
   * `for await (const mr of gl.paginate(getApiV4ProjectsIdMergeRequests, { path: { id } }))`, or `.all()`.
   */
  paginate<Op>(
    fn: ListEndpoint<Op>,
    params?: EndpointParams<Op>,
    options: PaginateOptions = {},
  ): Paginated<ListItem<EndpointResult<Op>>> {
    const { perPage, prefetch, keyset, ...requestOptions } = options;
    if (fn.meta.method !== "GET") {
      throw new GitlabOptionError(
        "fn",
        `${fn.meta.operationId} is a ${fn.meta.method}; only GET operations paginate`,
      );
    }
    const given = (params ?? {}) as { query?: Record<string, unknown> };
    const size =
      optionalInteger("perPage", perPage, 1, 100) ?? this.#options.perPage ?? LIST_DEFAULT_PER_PAGE;
    const query = {
      per_page: size,
      ...(optionalBoolean("keyset", keyset) && { pagination: "keyset" }),
      ...given.query,
    };
    const url = operationUrl(this.url, fn.meta, { ...given, query });
    return new Paginated(() => this.#openList(url, requestOptions, prefetch, fn.meta.operationId));
  }

  async #write(verb: string, path: string, options: HttpWriteOptions): Promise<unknown> {
    return decodeLoose(await this.httpRequest({ ...options, verb, path }));
  }

  /** One page of a listing; `operationId` when it is a generated operation's, for the response check. */
  async #fetchPage(url: string, options: RequestOptions, operationId?: string) {
    const response = await this.#transport.send({ method: "GET", url, options });
    const items = decodeTyped(response, "json");
    if (operationId !== undefined && Array.isArray(items)) {
      void this.#checker?.check(operationId, response.status, items);
    }
    if (!Array.isArray(items)) {
      throw new GitlabParsingError(
        "GET",
        response.url,
        `expected a JSON list, got ${items === null ? "null" : typeof items}`,
      );
    }
    return { url, headers: response.headers, items };
  }

  #openList<T>(
    url: string,
    options: RequestOptions,
    prefetch: number | undefined,
    operationId?: string,
  ): Promise<GitlabList<T>> {
    return GitlabList.open<T>(
      {
        fetchPage: (pageUrl, signal) =>
          this.#fetchPage(
            pageUrl,
            { ...options, signal: anySignal(options.signal, signal) },
            operationId,
          ),
        vetNextUrl: (next, from) => this.#vetNextUrl(next, from),
        redact: this.#transport.redact,
        warn: (message) => this.#options.logger.warn(message),
        prefetch: optionalInteger("prefetch", prefetch, 1, 32) ?? LIST_DEFAULT_PREFETCH,
        signal: options.signal,
      },
      url,
    );
  }

  /** Credentials only ever go to the configured origin: a next link elsewhere is rewritten (keepBaseUrl) or refused. */
  #vetNextUrl(next: string, from: string): string {
    const parsed = new URL(next);
    if (
      parsed.origin === this.#options.origin &&
      parsed.pathname.startsWith(new URL(this.apiUrl).pathname)
    )
      return next;
    const shown = this.#transport.redact(next);
    if (!this.#options.keepBaseUrl) {
      throw new GitlabPaginationError(
        this.#transport.redact(from),
        `GitLab's next-page link points to ${shown}, outside the configured ${this.apiUrl}; ` +
          `its external_url is probably misconfigured. Pass keepBaseUrl: true to follow it on the configured URL.`,
      );
    }
    const apiPath = /\/api\/v\d+(\/.*)$/.exec(parsed.pathname)?.[1];
    if (apiPath === undefined) {
      throw new GitlabPaginationError(
        this.#transport.redact(from),
        `cannot rebase the next-page link ${shown}: no /api/v4 in it`,
      );
    }
    return `${this.apiUrl}${apiPath}${parsed.search}`;
  }
}

/** A token given explicitly replaces the configured one, whatever its kind. */
function withoutAuthIfOverridden(base: GitlabOptions, overrides: GitlabOptions): GitlabOptions {
  if (
    overrides.privateToken === undefined &&
    overrides.oauthToken === undefined &&
    overrides.jobToken === undefined
  ) {
    return base;
  }
  const { privateToken: _p, oauthToken: _o, jobToken: _j, ...rest } = base;
  return rest;
}

function anySignal(a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  return a === undefined ? b : AbortSignal.any([a, b]);
}
