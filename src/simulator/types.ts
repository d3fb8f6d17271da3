import type { IncomingHttpHeaders } from "node:http";
import type { ServerOptions as HttpsServerOptions } from "node:https";

export type Visibility = "public" | "internal" | "private";
export type TokenKind = "private" | "oauth" | "job";

export interface SeedUser {
  id: number;
  username: string;
  name?: string;
  email?: string;
  /** Administrators see everything and may use `Sudo`. */
  admin?: boolean;
  state?: "active" | "blocked";
}

export interface SeedToken {
  token: string;
  /** `private`: `PRIVATE-TOKEN`/`private_token` or Bearer; `oauth`: Bearer/`access_token`; `job`: `JOB-TOKEN`/`job_token`. */
  kind: TokenKind;
  userId: number;
  /** A revoked token answers 401 with OAuth's `invalid_token` error body. */
  revoked?: boolean;
}

export interface SeedGroup {
  id: number;
  path: string;
  name?: string;
  /** Makes this a subgroup; the full path is built from the parents. */
  parentId?: number;
  visibility?: Visibility;
  description?: string;
}

export interface SeedIssue {
  title: string;
  description?: string;
  state?: "opened" | "closed";
  labels?: string[];
  authorId?: number;
  assigneeIds?: number[];
}

export interface SeedProject {
  id: number;
  path: string;
  name?: string;
  /** Full path of a seeded group, or a username for a personal project. */
  namespace: string;
  visibility?: Visibility;
  description?: string;
  defaultBranch?: string;
  /** Users (besides administrators) who can see a private project and write to it. */
  members?: number[];
  /** A number generates that many issues; an array seeds them as given. */
  issues?: number | SeedIssue[];
  mergeRequests?: number;
  pipelines?: number;
  /** Repository files on every branch: text, or `{ base64 }` for binary content. */
  files?: Record<string, string | { base64: string }>;
  /** Size in bytes of each `build` job's artifacts archive (default 1024). */
  artifactBytes?: number;
}

/** The JSON seed-file format. A field left out takes the built-in seed's value. */
export interface SimulatorSeed {
  users?: SeedUser[];
  tokens?: SeedToken[];
  groups?: SeedGroup[];
  projects?: SeedProject[];
  /** Public projects synthesized from their id (never held in memory), ids right after the seeded ones. */
  syntheticProjects?: { count: number; namespace?: string };
  /** Largest offset `(page-1)*per_page` allowed on `GET /projects` (GitLab.com: 50000). Default: no limit. */
  maxOffset?: number;
  /** What `GET /version` reports. */
  version?: string;
}

/** A per-endpoint limit (GitLab's ApplicationRateLimiter): counted per user, from its first request. */
export interface EndpointRateLimit {
  /** Named in `onRefused`; default `endpoint <index>`. */
  name?: string;
  /** Default: any method. */
  method?: string;
  /** A prefix of, or a RegExp tested on, the raw (undecoded) path without the query. */
  path: string | RegExp;
  limit: number;
  periodSeconds: number;
}

/** One request the rate limiter refused. */
export interface RateLimitRefusal {
  method: string;
  /** The request target as received. */
  url: string;
  /** `throttle_authenticated_api`, `throttle_unauthenticated_api`, or the endpoint limit's name. */
  throttle: string;
  status: number;
}

export type RateLimitOption =
  | {
      /** Requests per window, per user (per address when unauthenticated), as GitLab's throttle. */
      limit: number;
      /** Window length; windows start at multiples of it on the clock, as Rack::Attack's do. */
      windowMs: number;
      /** `"all"`: RateLimit-* on every API response (GitLab's feature flag); default on 429s only. */
      headers?: "throttled" | "all";
      /** Per-endpoint limits, checked after the window's limit. */
      endpoints?: EndpointRateLimit[];
      /** Called for every refused request (tests and benchmarks count them). */
      onRefused?: (refusal: RateLimitRefusal) => void;
      /** The limiter's clock (ms since the epoch); default `Date.now`. */
      now?: () => number;
    }
  | { maxInFlight: number; now?: () => number };

export interface SimulatorOptions {
  port?: number;
  host?: string;
  seed?: SimulatorSeed | string;
  /** Extra accepted tokens, all owned by the first administrator of the seed. */
  tokens?: { private?: string[]; oauth?: string[]; job?: string[] };
  latencyMs?: number;
  rateLimit?: RateLimitOption;
  /** Probability (0–1) that an API request gets a transient 500/502/503/504. */
  faultRate?: number;
  /** Seed of the PRNG behind `faultRate`, so runs are reproducible. */
  random?: number;
  /** Serve HTTPS with these options (`cert`, `key`; `ca` + `requestCert` to require client certificates). */
  tls?: HttpsServerOptions;
  /**
   * Validate every JSON success body against its GitLab operation's response schema and record each
   * mismatch in `shapeMismatches` (loads ajv and the schemas; off by default).
   */
  validateResponses?: boolean;
}

/** A response whose shape is not GitLab's, as its operation's response schema describes it. */
export interface ShapeMismatch {
  /** `GET /api/v4/projects/1`, the raw path. */
  request: string;
  /** The GitLab operation the route serves ("" when none does). */
  operationId: string;
  status: number;
  /**
   * `type`, `missing`, `undeclared` (see the response check); `status`: the operation declares no
   * JSON body for this status; `operation`: no GitLab operation has this method and path.
   */
  kind: "type" | "missing" | "undeclared" | "status" | "operation";
  /** JSONPath in the body, items as `[*]`. */
  path: string;
  expected: string;
  received: string;
}

export interface RecordedRequest {
  method: string;
  /** The request target exactly as received (not decoded). */
  url: string;
  /** `url` up to `?`, not decoded. */
  path: string;
  /** Decoded query parameters; a repeated key gives an array. */
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** `Date.now()` when the request's body had been read. */
  receivedAt: number;
}

/** Which requests a fault applies to. */
export interface FaultMatch {
  method?: string;
  /** A prefix of, or a RegExp tested on, the raw (undecoded) path without the query. */
  path?: string | RegExp;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** Matching requests to let through untouched before the fault starts (default 0). */
  skip?: number;
}

export type FaultKind =
  | {
      kind: "status";
      status: number;
      headers?: Record<string, string>;
      /** A string is sent as is; anything else as JSON. Default `{"message":"<status> <reason>"}`. */
      body?: unknown;
      /** A canned HTML error page (text/html) instead of `body`. */
      page?: "nginx" | "cloudflare";
    }
  | {
      kind: "rateLimit";
      /** `Retry-After`: number = seconds, string sent verbatim (HTTP date, garbage), null = absent. Default 1. */
      retryAfter?: number | string | null;
      /** `RateLimit-Reset` (unix seconds, or any string). */
      reset?: number | string;
      /** `RateLimit-ResetTime`. */
      resetTime?: string;
      limit?: number;
      observed?: number;
      remaining?: number;
      headers?: Record<string, string>;
      /** Default GitLab's text/plain `Retry later\n`. */
      body?: string;
    }
  | { kind: "resetBeforeHeaders" }
  | { kind: "resetMidBody"; /** Body bytes sent before the reset (default half). */ bytes?: number }
  | {
      kind: "truncate";
      /** Body bytes sent under the full Content-Length (default half). */ bytes?: number;
    }
  | { kind: "slowHeaders"; delayMs: number }
  | {
      kind: "trickleBody";
      /** Default 16. */ chunkSize?: number;
      /** Default 50. */ intervalMs?: number;
    }
  | { kind: "redirect"; /** Default 302. */ status?: 301 | 302 | 303 | 307 | 308; location: string }
  | { kind: "malformedJson"; body?: string }
  | { kind: "emptyJson" }
  | { kind: "wrongContentType"; /** Default text/plain. */ contentType?: string }
  | { kind: "gzip" }
  | { kind: "deflate" }
  | { kind: "big"; /** Default 10 MiB. */ bytes?: number }
  | { kind: "badLink"; /** Default a Link header with no closing bracket. */ link?: string }
  | { kind: "nextLink"; url: string }
  | { kind: "garbageNextPage"; /** Default "abc". */ value?: string }
  | { kind: "emptyPage" };

export type Fault = FaultMatch & FaultKind;

/** Ids and paths of the seeded fixtures, for tests to use instead of magic numbers. */
export interface SimulatorInfo {
  url: string;
  apiUrl: string;
  tokens: { token: string; kind: TokenKind; username: string; revoked: boolean }[];
  projects: { id: number; pathWithNamespace: string; visibility: Visibility }[];
  syntheticProjects?: { firstId: number; lastId: number; namespace: string };
  /** The latest successful `build` job of each seeded project, whose artifacts can be downloaded. */
  artifacts: { projectId: number; jobId: number; ref: string; jobName: string; size: number }[];
}

export interface Simulator {
  readonly url: string;
  /** Every API request received since start or the last reset (control API requests excluded). */
  readonly requests: RecordedRequest[];
  readonly info: SimulatorInfo;
  /** With `validateResponses`: every shape mismatch seen since start (a reset keeps them). */
  readonly shapeMismatches: readonly ShapeMismatch[];
  inject(fault: Fault): void;
  reset(): void;
  close(): Promise<void>;
}
