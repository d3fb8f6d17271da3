import { fileURLToPath } from "node:url";

/** This directory and the repository root, as absolute paths without a trailing slash. */
export const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url)).replace(/\/$/, "");
export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
/** Build artefacts and scratch consumers: under node_modules so bare imports resolve, and ignored by git. */
export const SCRATCH_DIR = `${REPO_ROOT}/node_modules/.cache/typed-gitlab-bench`;
