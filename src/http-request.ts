import { encodeBody, type BodyInput } from "./body.js";
import type { RequestOptions } from "./call-policy.js";
import { GitlabOptionError } from "./errors.js";
import type { TransportRequest } from "./transport.js";
import { resolvePath, serializeQuery, withQuery, type QueryParams } from "./url.js";

export interface HttpRequestOptions extends RequestOptions, BodyInput {
  /** Any HTTP method: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, … */
  verb: string;
  /** Relative to the API base (`/projects`) or an absolute URL on the configured origin. Not encoded. */
  path: string;
  queryParams?: QueryParams;
  /** Hand back the body as a stream instead of buffering it. */
  streamed?: boolean;
}

/**
 * The escape hatch's door, python-gitlab's `http_request` arguments: the path exactly as written
 * (no encoding), `queryParams` as Grape reads them, `postData`/`files`/`raw` as the body.
 */
export function buildHttpRequest(
  apiUrl: string,
  origin: string,
  options: Omit<HttpRequestOptions, "streamed">,
): TransportRequest {
  if (typeof options !== "object" || options === null)
    throw new GitlabOptionError("options", "expected an object");
  const { verb, path, queryParams, postData, files, raw, headers, ...requestOptions } = options;
  if (typeof verb !== "string" || !/^[A-Za-z]+$/.test(verb)) {
    throw new GitlabOptionError(
      "verb",
      `expected an HTTP method name, got ${JSON.stringify(verb)}`,
    );
  }
  const url = withQuery(resolvePath(apiUrl, origin, path), serializeQuery(queryParams ?? {}));
  const { body, contentType } = encodeBody({ postData, files, raw });
  return {
    method: verb,
    url,
    headers:
      contentType === undefined ? { ...headers } : { "Content-Type": contentType, ...headers },
    ...(body !== undefined && { body }),
    options: requestOptions,
  };
}
