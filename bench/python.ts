// python-gitlab runs as a subprocess that times itself, so interpreter start-up is not counted.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { BENCH_DIR } from "./paths.js";

const run = promisify(execFile);
const PYTHON = "/usr/bin/python3";

/** python-gitlab's version, or undefined (with the reason) when Debian's python3-gitlab is absent. */
export async function pythonGitlab(): Promise<{
  version?: string;
  python?: string;
  reason?: string;
}> {
  try {
    const { stdout } = await run(PYTHON, [
      "-c",
      "import gitlab, platform; print(gitlab.__version__, platform.python_version())",
    ]);
    const [version, python] = stdout.trim().split(" ");
    return { version: version!, python: `Python ${python!}` };
  } catch {
    return { reason: `python-gitlab not installed (${PYTHON} -c 'import gitlab' failed); skipped` };
  }
}

export async function runPython<T>(args: readonly string[], timeoutMs: number): Promise<T> {
  const { stdout } = await run(PYTHON, [`${BENCH_DIR}/python/bench_gitlab.py`, ...args], {
    timeout: timeoutMs,
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout) as T;
}
