import { after, before } from "node:test";
import { startSimulator } from "../../src/simulator/index.js";
import type { Simulator, SimulatorOptions } from "../../src/simulator/index.js";
import { Gitlab, type GitlabLogger, type GitlabOptions } from "../../src/index.js";

export const ADMIN_TOKEN = "glpat-simulator-token";

/** Start a simulator for the enclosing suite and stop it afterwards. */
export function useSimulator(options: SimulatorOptions = {}): { readonly sim: Simulator } {
  const holder: { sim?: Simulator } = {};
  before(async () => {
    holder.sim = await startSimulator(options);
  });
  after(async () => {
    await holder.sim?.close();
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
