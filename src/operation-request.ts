import { toFormData } from "./body.js";
import type { RequestOptions } from "./call-policy.js";
import type { BodyKind } from "./decode.js";
import type { OperationMeta, QueryArrayStyle } from "./endpoint.js";
import { GitlabOptionError } from "./errors.js";
import { fillPath } from "./path-params.js";
import type { TransportRequest } from "./transport.js";
import { serializeQuery, type QueryParams } from "./url.js";
import { wireBody } from "./wire-body.js";

export interface OperationParams {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

const PARAM_KEYS = new Set(["path", "query", "body"]);

type EncodedBody = { body: string | Uint8Array | Blob | FormData; contentType?: string };

/**
 * The generated endpoints' door: `{ path, query, body }` and the operation's description become
 * the transport's request. What this adds is GitLab's encoding rules: query arrays as Grape reads
 * each one, and each request media type.
 */
export async function buildOperationRequest(
  baseUrl: string,
  meta: OperationMeta,
  params: object,
  options: RequestOptions | undefined,
): Promise<TransportRequest> {
  const { body } = checkParams(meta, params);
  const encoding = encodeOperationBody(meta, body);
  const encoded = encoding && (await wireBody(encoding.body, encoding.contentType));
  return {
    method: meta.method,
    url: operationUrl(baseUrl, meta, params),
    headers: {
      ...(encoded?.contentType && { "Content-Type": encoded.contentType }),
      ...options?.headers,
    },
    ...(encoded && { body: encoded.body }),
    ...(options && { options }),
  };
}

/** The URL an operation requests with these parameters: for pagination, its first page. */
export function operationUrl(baseUrl: string, meta: OperationMeta, params: object): string {
  const { path, query } = checkParams(meta, params);
  const url = baseUrl + fillPath(meta.path, path, meta.operationId);
  const search = operationQuery(meta, query);
  return search === "" ? url : `${url}?${search}`;
}

/** How a success body of this operation is decoded. */
export function operationBodyKind(meta: OperationMeta): BodyKind {
  return meta.response ?? "json";
}

function checkParams(meta: OperationMeta, params: object) {
  if (typeof params !== "object" || params === null)
    throw new GitlabOptionError("params", "expected an object");
  for (const key of Object.keys(params)) {
    if (!PARAM_KEYS.has(key)) {
      throw new GitlabOptionError(
        `params.${key}`,
        `${meta.operationId} takes { path, query, body }`,
      );
    }
  }
  const { path = {}, query = {}, body } = params as OperationParams;
  return { path, query, body };
}

/** The query string, with each array in the style GitLab reads for that parameter. */
export function operationQuery(meta: OperationMeta, query: Record<string, unknown>): string {
  const styles: Readonly<Record<string, QueryArrayStyle>> = meta.queryArrays ?? {};
  const commaJoined: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    commaJoined[key] = styles[key] === "comma" && Array.isArray(value) ? value.join(",") : value;
  }
  return serializeQuery(commaJoined as QueryParams);
}

function encodeOperationBody(meta: OperationMeta, body: unknown): EncodedBody | undefined {
  if (body === undefined) return undefined;
  switch (meta.requestBody) {
    case "multipart/form-data":
      if (typeof body !== "object" || body === null)
        throw new GitlabOptionError("body", "expected an object of form fields");
      return { body: toFormData(body as Record<string, unknown>) };
    case "application/x-www-form-urlencoded":
      return {
        body: serializeQuery(body as QueryParams),
        contentType: "application/x-www-form-urlencoded",
      };
    case "application/octet-stream":
      if (!(typeof body === "string" || body instanceof Uint8Array || body instanceof Blob)) {
        throw new GitlabOptionError("body", "expected bytes, a string or a Blob");
      }
      return { body, contentType: "application/octet-stream" };
    default:
      // A file cannot travel in JSON (it would become {}): GitLab takes the same fields as a form.
      if (hasFileField(body)) return { body: toFormData(body as Record<string, unknown>) };
      return { body: JSON.stringify(body), contentType: "application/json" };
  }
}

function hasFileField(body: unknown): boolean {
  return (
    typeof body === "object" &&
    body !== null &&
    Object.values(body).some((value) => value instanceof Blob || value instanceof Uint8Array)
  );
}
