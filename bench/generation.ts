// (6) Generation: `npm run generate` over the full pinned spec into a scratch directory, against
// openapi-typescript alone on the same spec. Both are timed as whole processes.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { size, type BenchConfig } from "./config.js";
import { REPO_ROOT } from "./paths.js";
import type { Row, Section } from "./report.js";
import { median, timeMs } from "./stats.js";

const run = promisify(execFile);
const GOAL_S = 20;
// The pinned description lives outside the repository (scripts/spec-source.ts); $GITLAB_OPENAPI_SPEC overrides it.
const SPEC =
  process.env.GITLAB_OPENAPI_SPEC ??
  join(REPO_ROOT, "../shared/openapi/gitlab-19.5-openapi_v3.yaml");

export async function generation(config: BenchConfig): Promise<Section> {
  const title = "6. Generation";
  if (!existsSync(SPEC)) {
    return {
      title,
      method: "Full-spec generation time.",
      rows: [
        {
          name: "npm run generate",
          value: undefined,
          unit: "s",
          note: `no spec at ${SPEC}; skipped`,
        },
      ],
      notes: [],
    };
  }
  const trials = size(config, 1, 3);
  const scratch = await mkdtemp(join(tmpdir(), "typed-gitlab-bench-"));
  try {
    const ours: number[] = [];
    const alone: number[] = [];
    for (let trial = 0; trial < trials; trial++) {
      ours.push(
        await timeMs(() =>
          run(
            process.execPath,
            [
              "--import",
              "tsx",
              "scripts/generate.ts",
              "--spec",
              SPEC,
              "--out",
              join(scratch, "generated"),
            ],
            {
              cwd: REPO_ROOT,
              timeout: 300_000,
              maxBuffer: 16 * 1024 * 1024,
            },
          ),
        ),
      );
      alone.push(
        await timeMs(() =>
          run(
            process.execPath,
            [
              join(REPO_ROOT, "node_modules/openapi-typescript/bin/cli.js"),
              SPEC,
              "-o",
              join(scratch, "paths.ts"),
            ],
            { cwd: REPO_ROOT, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
          ),
        ),
      );
    }
    const oursS = median(ours) / 1000;
    const aloneS = median(alone) / 1000;
    const rows: Row[] = [
      {
        name: "npm run generate (full spec → 344 files)",
        value: oursS,
        unit: "s",
        baseline: { name: "openapi-typescript alone", value: aloneS },
        goal: { text: `< ${GOAL_S} s`, met: oursS < GOAL_S },
      },
      { name: "openapi-typescript alone (one 5 MB file)", value: aloneS, unit: "s" },
    ];
    return {
      title,
      method: `Whole-process wall time over the pinned ${SPEC.split("/").pop()}, median of ${trials}; output to a scratch directory.`,
      rows,
      notes: [],
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
