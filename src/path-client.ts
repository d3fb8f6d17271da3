import createClient, { type Client } from "openapi-fetch";
import { transportFetch } from "./fetch-adapter.js";
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

/**
 * openapi-fetch over the transport. Path parameters are encoded as one segment by openapi-fetch;
 * queries are written the way Grape reads them (`key[]=a&key[]=b`), as everywhere else.
 */
export function createPathClient(transport: Transport, instanceUrl: string): PathClient {
  const client = createClient<GitlabPaths>({
    baseUrl: instanceUrl,
    fetch: transportFetch(transport),
    querySerializer: (query) => serializeQuery(query as QueryParams),
  });
  return client;
}
