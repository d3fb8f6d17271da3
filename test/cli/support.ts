import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FIXTURES = join(ROOT, "test", "fixtures", "cli");
export const ADMIN_TOKEN = "glpat-simulator-token";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Added to a clean environment (no GITLAB_*, CI_*, PYTHON_GITLAB_CFG; HOME an empty directory). */
  env?: Record<string, string>;
  input?: string | Buffer;
}

/**
 * The environment of the CLI under test: nothing from the developer's shell or a CI job can
 * leak in, and no ~/.python-gitlab.cfg is found.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(GITLAB_|CI_|CI$|PYTHON_GITLAB_CFG$|HOME$|NODE_TEST)/.test(key)) env[key] = value;
  }
  return { ...env, HOME: emptyHome(), ...extra };
}

let home: string | undefined;
function emptyHome(): string {
  home ??= mkdtempSync(join(tmpdir(), "typed-gitlab-cli-home-"));
  return home;
}

/** `typed-gitlab <args>` as a separate process, from source. */
export function spawnCli(args: readonly string[], options: RunOptions = {}): ChildProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "src", "cli", "main.ts"), ...args],
    { cwd: ROOT, env: cleanEnv(options.env), stdio: ["pipe", "pipe", "pipe"] },
  );
  child.stdin!.end(options.input);
  return child;
}

export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return collect(spawnCli(args, options));
}

/** The CLI with the simulator's URL and admin token in its environment. */
export function runOn(
  url: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<CliResult> {
  return runCli(args, {
    ...options,
    env: { GITLAB_URL: url, GITLAB_TOKEN: ADMIN_TOKEN, ...options.env },
  });
}

/** NDJSON output as values. */
export function lines(stdout: string): unknown[] {
  return stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as unknown);
}

/** A python-gitlab config file from a fixture template, with the simulator's URL filled in. */
export function renderConfig(template: string, url: string): string {
  const dir = mkdtempSync(join(tmpdir(), "typed-gitlab-cli-cfg-"));
  const file = join(dir, template);
  writeFileSync(file, readFileSync(join(FIXTURES, template), "utf8").replaceAll("{{URL}}", url));
  return file;
}
