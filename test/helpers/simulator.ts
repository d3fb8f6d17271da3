import { after, before } from "node:test";
import { startSimulator } from "../../src/simulator/index.js";
import type { Simulator, SimulatorOptions } from "../../src/simulator/index.js";
import { Gitlab, type GitlabLogger, type GitlabOptions } from "../../src/index.js";
import { assertGitlabShapes } from "./shapes.js";

export const ADMIN_TOKEN = "glpat-simulator-token";

/**
 * Start a simulator for the enclosing suite and stop it afterwards. Its responses are validated
 * against GitLab's response schemas, and the suite fails if one did not fit.
 */
export function useSimulator(options: SimulatorOptions = {}): { readonly sim: Simulator } {
  const holder: { sim?: Simulator } = {};
  before(async () => {
    holder.sim = await startSimulator({ validateResponses: true, ...options });
  });
  after(async () => {
    await holder.sim?.close();
    if (holder.sim) assertGitlabShapes(holder.sim);
  });
  return {
    get sim(): Simulator {
      if (!holder.sim) throw new Error("simulator not started");
      return holder.sim;
    },
  };
}

/** A logger that keeps what it is told, for assertions. */
export function recordingLogger(): GitlabLogger & { debugs: string[]; warnings: string[] } {
  const debugs: string[] = [];
  const warnings: string[] = [];
  return { debugs, warnings, debug: (m) => debugs.push(m), warn: (m) => warnings.push(m) };
}

export function client(sim: Simulator, options: GitlabOptions = {}): Gitlab {
  return new Gitlab({
    url: sim.url,
    privateToken: ADMIN_TOKEN,
    logger: recordingLogger(),
    ...options,
  });
}
