import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { authenticate } from "./auth.js";
import { faultResponse, reasonOf, transformResponse } from "./faults.js";
import type { FaultQueue } from "./faults.js";
import { Params, queryRecord } from "./http/params.js";
import { HttpError, json, messageError, paramError } from "./http/response.js";
import type { SimResponse } from "./http/response.js";
import { deliveryOf, writeResponse } from "./http/write.js";
import { oauthTokenInfo } from "./oauth.js";
import type { RateLimiter } from "./rate-limit.js";
import { serveUpload } from "./resources/uploads.js";
import type { RouteContext, Router } from "./router.js";
import type { SimState } from "./state/state.js";
import type { RecordedRequest } from "./types.js";

/** Everything the request pipeline needs; `state` is a getter because a reset swaps it. */
export interface ServerContext {
  router: Router;
  faults: FaultQueue;
  limiter: RateLimiter;
  log: RecordedRequest[];
  latencyMs: number;
  faultRate: number;
  random: () => number;
  state: () => SimState;
  externalUrl: () => string;
  /** Answers `/-/simulator/...`. */
  control: (method: string, rawPath: string, body: Buffer) => SimResponse;
}

const TRANSIENT = [500, 502, 503, 504];
const CONTROL_PREFIX = "/-/simulator/";

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    // A client that gives up mid-upload still gets its partial request logged.
    req.on("error", () => resolve(Buffer.concat(chunks)));
  });
}

let requestCounter = 0;

/** Headers every GitLab API response carries. */
function commonHeaders(): Record<string, string> {
  return {
    "Cache-Control": "max-age=0, private, must-revalidate",
    "X-Request-Id": `01SIM${(++requestCounter).toString(36).toUpperCase().padStart(10, "0")}`,
    "X-Content-Type-Options": "nosniff",
    Vary: "Origin",
  };
}

export function createRequestHandler(sim: ServerContext) {
  const handle = createPipeline(sim);
  return (req: IncomingMessage, res: ServerResponse): void => {
    // Nothing may escape as an unhandled rejection: it would take the host process down.
    handle(req, res).catch((error: unknown) => {
      console.error("[gitlab-simulator]", error);
      res.destroy();
    });
  };
}

function createPipeline(sim: ServerContext) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const queryStart = url.indexOf("?");
    const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
    const search = new URLSearchParams(queryStart < 0 ? "" : url.slice(queryStart + 1));
    if (rawPath.startsWith(CONTROL_PREFIX)) {
      await writeResponse(req, res, sim.control(method, rawPath, body), undefined);
      return;
    }
    sim.log.push({
      method,
      url,
      path: rawPath,
      query: queryRecord(search),
      headers: req.headers,
      body,
      receivedAt: Date.now(),
    });

    const admission = sim.limiter.admit({
      method,
      url,
      path: rawPath,
      headers: req.headers,
      ip: req.socket.remoteAddress ?? "",
    });
    try {
      const fault = admission.rejected ? undefined : sim.faults.take(method, rawPath);
      if (sim.latencyMs > 0) await delay(sim.latencyMs);
      if (fault?.kind === "resetBeforeHeaders") {
        req.socket.resetAndDestroy();
        return;
      }
      if (fault?.kind === "slowHeaders") await delay(fault.delayMs);
      const response =
        admission.rejected ??
        faultResponse(fault) ??
        randomFault(sim) ??
        transformResponse(fault, await route(sim, req, method, rawPath, search, body));
      response.headers = { ...commonHeaders(), ...admission.headers, ...response.headers };
      await writeResponse(req, res, response, deliveryOf(fault));
    } finally {
      admission.release();
    }
  };
}

/** `faultRate`: a transient 5xx drawn from the seeded PRNG, so a run replays identically. */
function randomFault(sim: ServerContext): SimResponse | undefined {
  if (sim.faultRate <= 0 || sim.random() >= sim.faultRate) return undefined;
  const status = TRANSIENT[Math.floor(sim.random() * TRANSIENT.length)] as number;
  return json(status, { message: `${status} ${reasonOf(status)}` });
}

async function route(
  sim: ServerContext,
  req: IncomingMessage,
  method: string,
  rawPath: string,
  search: URLSearchParams,
  body: Buffer,
): Promise<SimResponse> {
  const state = sim.state();
  try {
    const upload = method === "GET" || method === "HEAD" ? serveUpload(state, rawPath) : undefined;
    if (upload) return upload;
    if (rawPath === "/oauth/token/info" && (method === "GET" || method === "HEAD")) {
      return oauthTokenInfo(req.headers, search, state);
    }
    const resolution = sim.router.resolve(method, rawPath);
    switch (resolution.kind) {
      case "notFound":
        throw paramError(404, "404 Not Found");
      case "options":
        return { status: 204, headers: { Allow: resolution.allow }, body: "" };
      case "methodNotAllowed":
        return json(405, { error: "405 Method Not Allowed" }, { Allow: resolution.allow });
      case "match":
        break;
    }
    const user = authenticate(req.headers, search, state);
    const reads = method === "GET" || method === "HEAD";
    if (!user && (resolution.route.auth || !reads)) throw messageError(401, "401 Unauthorized");
    const ctx: RouteContext = {
      method,
      params: resolution.params,
      input: Params.parse(search, req.headers["content-type"] ?? "", body),
      query: search,
      rawPath,
      user,
      state,
      externalUrl: sim.externalUrl(),
      requestOrigin: `http://${req.headers.host ?? new URL(sim.externalUrl()).host}`,
    };
    return await resolution.route.handler(ctx);
  } catch (error) {
    if (error instanceof HttpError) return error.response;
    // A bug in the simulator: answer as GitLab would, and say why on stderr.
    console.error("[gitlab-simulator]", error);
    return json(500, { message: "500 Internal Server Error" });
  }
}
