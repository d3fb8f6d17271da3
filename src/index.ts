export { Gitlab } from "./gitlab.js";
export type {
  HttpGetOptions,
  HttpListOptions,
  HttpRequestOptions,
  HttpWriteOptions,
} from "./gitlab.js";
export type { GitlabLogger, GitlabOptions } from "./options.js";
export type { EndpointLimit } from "./endpoint-limits.js";
export type { LearntLimit } from "./rate-limit-policy.js";
export type { RateLimitEvent } from "./rate-limit-governor.js";
export { GITLAB_COM_ENDPOINT_LIMITS } from "./gitlab-endpoint-limits.js";
export type { RequestOptions } from "./request-options.js";
export type { BodyInput, FileInput } from "./body.js";
export type { QueryParams, QueryValue } from "./url.js";
export type { PageInfo } from "./pagination.js";
export { GitlabList } from "./gitlab-list.js";
export { GitlabResponse, GitlabStreamResponse } from "./response.js";
export { ResponseHeaders } from "./headers.js";
export {
  GitlabAbortError,
  GitlabAuthenticationError,
  GitlabConnectionError,
  GitlabError,
  GitlabHttpError,
  GitlabOptionError,
  GitlabPaginationError,
  GitlabParsingError,
  GitlabRateLimitError,
  GitlabRedirectError,
  GitlabTimeoutError,
} from "./errors.js";
export {
  GitlabConfigError,
  optionsFromConfig,
  optionsFromEnv,
  resolveOptions as resolveConfig,
} from "./config.js";
export type { ConfigContext, GitlabConfigErrorDetails, ResolveOptionsInput } from "./config.js";
export { endpoint } from "./endpoint.js";
export type { Endpoint, EndpointParams, EndpointResult, OperationMeta } from "./endpoint.js";
export { VERSION } from "./version.js";
export { Paginated } from "./gitlab.js";
export type { ListItem, PaginateOptions } from "./gitlab.js";
export type { PathClient, GitlabPaths } from "./path-client.js";
// Every generated endpoint, by operationId. Unused ones cost nothing in a bundle (no side effects);
// `typed-gitlab/endpoints/<tag>` imports one tag when type-checking time matters.
export * from "../generated/index.js";
