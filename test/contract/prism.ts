// Runs Stoplight Prism as a mock server over a spec file, for the contract tests. Prism is started as a
// child process (its CLI is the supported interface; its libraries are internal), on 127.0.0.1 and a
// free port, and is ready when it answers HTTP: readiness is polled, never guessed from a delay.

import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

export interface PrismServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The last lines Prism printed, for a failure message. */
  log(): string;
  stop(): Promise<void>;
}

export interface StartPrismOptions {
  /** Overall limit for Prism to answer its first request. Parsing a 5 MB spec takes seconds; allow a slow CI. */
  readonly readyTimeoutMs?: number;
  /** Extra CLI flags (e.g. `--errors`). */
  readonly args?: readonly string[];
}

const LOG_LINES = 200;

/** The CLI's entry point, from the installed package's `bin` (no npx: no registry lookups, no extra shell). */
function prismCli(): string {
  const require = createRequire(import.meta.url);
  const manifestFile = require.resolve("@stoplight/prism-cli/package.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as {
    bin: Record<string, string>;
  };
  const bin = manifest.bin["prism"];
  if (bin === undefined) throw new Error(`${manifestFile} declares no prism binary`);
  return join(dirname(manifestFile), bin);
}

/** A port the OS says is free now. Another process may take it before Prism binds; start() retries then. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("no port assigned"))));
    });
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Any HTTP answer (Prism answers an unknown path with a 404 problem) means the server is up. */
async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/__contract-tests-ready`, {
      signal: AbortSignal.timeout(2_000),
    });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

async function startOnce(
  specFile: string,
  port: number,
  options: StartPrismOptions,
): Promise<PrismServer> {
  const url = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
  };
  const args = [
    prismCli(),
    "mock",
    specFile,
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    // Violations are read from the sl-violations header, not the log; errors are enough for a failure message.
    "--verboseLevel",
    "error",
    ...(options.args ?? []),
  ];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = `exited with ${signal ?? `code ${code}`}`;
      resolve();
    }),
  );
  const log = () => lines.join("\n");
  const stop = async () => {
    if (exited === undefined) {
      child.kill("SIGTERM");
      // Prism ends promptly on SIGTERM; SIGKILL only if it hangs, so the test run never leaks it.
      const hung = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exit;
      clearTimeout(hung);
    }
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new PrismExitError(`Prism ${exited} before answering`, log());
    if (await answers(url)) return { url, log, stop };
    await delay(250);
  }
  await stop();
  throw new Error(
    `Prism did not answer on ${url} within ${options.readyTimeoutMs ?? 120_000} ms\n${log()}`,
  );
}

class PrismExitError extends Error {
  constructor(
    message: string,
    readonly log: string,
  ) {
    super(`${message}\n${log}`);
  }
}

/** Starts Prism's mock server on a free port; retries on a port taken between the check and the bind. */
export async function startPrism(
  specFile: string,
  options: StartPrismOptions = {},
): Promise<PrismServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(specFile, await freePort(), options);
    } catch (error) {
      const portTaken = error instanceof PrismExitError && /EADDRINUSE/.test(error.log);
      if (!portTaken || attempt >= 3) throw error;
    }
  }
}
