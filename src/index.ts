export { Gitlab } from "./gitlab.js";
export type { HttpGetOptions, HttpListOptions, HttpWriteOptions } from "./gitlab.js";
export type { HttpRequestOptions } from "./http-request.js";
export type { ConfiguredOptions, GitlabLogger, GitlabOptions } from "./options.js";
export type { Clock } from "./clock.js";
export type { TokenOption, TokenProvider } from "./credentials.js";
export type { RequestOptions } from "./call-policy.js";
export type { EndpointLimit } from "./endpoint-limits.js";
export type { LearntLimit } from "./rate-limit-policy.js";
export type { RateLimitEvent } from "./rate-limit-event.js";
export { GITLAB_COM_ENDPOINT_LIMITS } from "./gitlab-endpoint-limits.js";
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
  GitlabProxyError,
  GitlabRateLimitError,
  GitlabRedirectError,
  GitlabTimeoutError,
  GitlabTokenError,
} from "./errors.js";
export {
  GitlabConfigError,
  optionsFromConfig,
  optionsFromEnv,
  resolveOptions as resolveConfig,
} from "./config.js";
export type { ConfigContext, GitlabConfigErrorDetails, ResolveOptionsInput } from "./config.js";
export type {
  Endpoint,
  EndpointParams,
  EndpointResult,
  ListEndpoint,
  OperationMeta,
  OperationRunner,
} from "./endpoint.js";
export { VERSION } from "./version.js";
export { Paginated } from "./paginated.js";
export type { ListItem, PaginateOptions } from "./paginated.js";
export type {
  GitlabPaths,
  PathCall,
  PathCallInit,
  PathCallResult,
  PathClient,
} from "./path-client.js";
export type { CurrentUser, InstanceVersion } from "./gitlab.js";
