import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const FIXTURES = join(REPO_ROOT, "test", "fixtures", "specs");
export const QUIRKS = join(FIXTURES, "quirks.yaml");
export const QUIRKS_NEXT = join(FIXTURES, "quirks-next.yaml");

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a script from scripts/ in a child process, as `npm run` would (async: tests may serve HTTP
 * meanwhile), with none of the developer's GITLAB_OPENAPI_* variables, plus `extraEnv`.
 */
export function runScript(
  script: string,
  args: readonly string[],
  extraEnv: Record<string, string> = {},
): Promise<RunResult> {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("GITLAB_OPENAPI_")) delete env[name];
  Object.assign(env, extraEnv);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(REPO_ROOT, "scripts", script), ...args],
      { cwd: REPO_ROOT, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "typed-gitlab-generator-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file under `dir` with its content, keyed by relative path. */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const entry of entries.filter((e) => e.isFile())) {
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), await readFile(path, "utf8"));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** An HTTP server on 127.0.0.1 answering every request with `status` and `body`. */
export async function serve(
  t: { after(fn: () => Promise<void>): void },
  status: number,
  body: string | Buffer,
): Promise<string> {
  const served = await serveRecording(status, body);
  t.after(served.close);
  return served.url;
}

/** Like `serve`, keeping the paths asked for, and closed by the caller (to play a server gone). */
export async function serveRecording(
  status: number,
  body: string | Buffer,
): Promise<{ url: string; origin: string; paths: string[]; close: () => Promise<void> }> {
  const paths: string[] = [];
  const server: Server = createServer((request, response) => {
    paths.push(request.url ?? "");
    response.writeHead(status, { "content-type": "application/yaml" });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  return { url: `${origin}/openapi_v3.yaml`, origin, paths, close };
}

/** A URL on a port where nothing listens: bound, then released, so connecting is refused. */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/openapi_v3.yaml`;
}
