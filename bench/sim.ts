// Start a simulator in a child process and hand back its URL.

import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { SimulatorInfo, SimulatorOptions } from "../src/simulator/index.js";
import { BENCH_DIR } from "./paths.js";

export const TOKEN = "glpat-simulator-token";

export interface RemoteSimulator {
  readonly url: string;
  readonly info: SimulatorInfo;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

export async function startRemoteSimulator(options: SimulatorOptions): Promise<RemoteSimulator> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", `${BENCH_DIR}/sim-process.ts`, JSON.stringify(options)],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("simulator did not start")), START_TIMEOUT_MS);
    lines.once("line", (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited with ${code ?? "a signal"} before listening`));
    });
  });
  lines.close();
  const { url, info } = JSON.parse(first) as { url: string; info: SimulatorInfo };
  if (!url.startsWith("http://127.0.0.1:")) throw new Error(`simulator is not on loopback: ${url}`);
  return {
    url,
    info,
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
