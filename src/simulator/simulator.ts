import { createServer, type RequestListener } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { handleControl } from "./control.js";
import { FaultQueue } from "./faults.js";
import { RateLimiter } from "./rate-limit.js";
import { createApiRouter } from "./resources/index.js";
import { createRandom } from "./random.js";
import { loadSeed } from "./seed/load.js";
import { createRequestHandler } from "./server.js";
import { buildState } from "./state/build.js";
import { fullPathOf } from "./state/projects.js";
import type { Pipeline } from "./state/model.js";
import type { SimState } from "./state/state.js";
import type {
  RecordedRequest,
  ShapeMismatch,
  Simulator,
  SimulatorInfo,
  SimulatorOptions,
} from "./types.js";

function describe(state: SimState, url: string): SimulatorInfo {
  const projects = [...state.allData()]
    .map(([id]) => state.projects.get(id))
    .filter((p) => p !== undefined);
  const synthetic = state.projects.synthetic;
  return {
    url,
    apiUrl: `${url}/api/v4`,
    tokens: [...state.tokens.values()].map((token) => ({
      token: token.token,
      kind: token.kind,
      username: state.users.get(token.userId)?.username ?? "",
      revoked: token.revoked,
    })),
    projects: projects.map((project) => ({
      id: project.id,
      pathWithNamespace: fullPathOf(project),
      visibility: project.visibility,
    })),
    ...(synthetic && {
      syntheticProjects: {
        firstId: synthetic.start,
        lastId: synthetic.start + synthetic.count - 1,
        namespace: synthetic.namespace.fullPath,
      },
    }),
    artifacts: projects.flatMap((project) => {
      const data = state.peek(project.id);
      const pipeline = data?.pipelines
        .filter((p) => p.ref === project.defaultBranch && p.status === "success")
        .reduce<Pipeline | undefined>((best, p) => (!best || p.id > best.id ? p : best), undefined);
      const job = data?.jobs.find((j) => j.pipelineId === pipeline?.id && j.artifactsSize !== null);
      return job && pipeline
        ? [
            {
              projectId: project.id,
              jobId: job.id,
              ref: pipeline.ref,
              jobName: job.name,
              size: job.artifactsSize ?? 0,
            },
          ]
        : [];
    }),
  };
}

/** Starts a GitLab REST API v4 simulator on a real socket. See docs/simulator.md. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = loadSeed(options.seed);
  let state = buildState(seed, options.tokens);
  let random = createRandom(options.random ?? 1);
  const log: RecordedRequest[] = [];
  const faults = new FaultQueue();
  const limiter = new RateLimiter(options.rateLimit);
  let url = "";
  const router = createApiRouter();
  const shapeMismatches: ShapeMismatch[] = [];
  if (options.validateResponses) {
    const { shapeChecking } = await import("./shape-check.js");
    router.wrapHandlers(await shapeChecking((mismatch) => shapeMismatches.push(mismatch)));
  }

  const reset = () => {
    log.length = 0;
    faults.clear();
    limiter.reset();
    state = buildState(seed, options.tokens);
    random = createRandom(options.random ?? 1);
  };
  const info = () => describe(state, url);
  const { tls } = options;
  const serve = (handler: RequestListener) =>
    tls ? createHttpsServer(tls, handler) : createServer(handler);
  const server = serve(
    createRequestHandler({
      router,
      faults,
      limiter,
      log,
      latencyMs: options.latencyMs ?? 0,
      faultRate: options.faultRate ?? 0,
      random: () => random(),
      state: () => state,
      externalUrl: () => url,
      control: (method, rawPath, body) =>
        handleControl({ log, faults, reset, info }, method, rawPath, body),
    }),
  );
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const reachableHost = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  url = `${tls ? "https" : "http"}://${reachableHost.includes(":") ? `[${reachableHost}]` : reachableHost}:${port}`;

  return {
    url,
    requests: log,
    shapeMismatches,
    get info() {
      return info();
    },
    inject: (fault) => faults.add(fault),
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
