// (4) Cold start and bundle size.
// Cold start: a fresh `node` process imports the package, timed inside that process. The package is
// built here with esbuild the way tsup builds it (ESM, code splitting, dependencies external), with the
// generated endpoints as an entry of their own: dist/'s exports map for endpoints is being reworked,
// and this keeps the measure independent of it. dist/index.js (npm run build) is timed too when present.
// Bundle size: esbuild, minified, for Node, every dependency bundled, then gzip -9.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { size, type BenchConfig } from "./config.js";
import { BENCH_DIR, REPO_ROOT, SCRATCH_DIR } from "./paths.js";
import type { Row, Section } from "./report.js";
import { median } from "./stats.js";

const run = promisify(execFile);

/** Imports the modules named in argv and prints how long that took, in ms. */
const IMPORT_TIMER =
  "const t = performance.now(); for (const m of process.argv.slice(1)) await import(m); process.stdout.write(String(performance.now() - t));";

async function importMs(specifiers: readonly string[]): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    ["--input-type=module", "-e", IMPORT_TIMER, ...specifiers],
    { cwd: REPO_ROOT, timeout: 60_000 },
  );
  return Number(stdout);
}

async function buildPackage(outdir: string): Promise<void> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: {
      index: `${REPO_ROOT}/src/index.ts`,
      endpoints: `${REPO_ROOT}/generated/index.ts`,
    },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
}

async function gzippedKB(entry: string): Promise<number> {
  const result = await build({
    entryPoints: [`${BENCH_DIR}/entries/${entry}.ts`],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node20",
    write: false,
    logLevel: "error",
  });
  const code = result.outputFiles[0]!.contents;
  return gzipSync(code, { level: 9 }).length / 1024;
}

export async function startup(config: BenchConfig): Promise<Section> {
  const trials = size(config, 3, 21);
  const outdir = `${SCRATCH_DIR}/package`;
  await buildPackage(outdir);
  const url = (file: string): string => pathToFileURL(`${outdir}/${file}`).href;
  // With dist/ built (npm run build), the package is imported by its own name, as a user would;
  // the esbuild stand-in is timed as well, so that a stale or missing dist/ still gives a figure.
  const built = existsSync(`${REPO_ROOT}/dist/index.js`);
  const targets: Array<[string, string[], boolean]> = [
    ...(built
      ? ([
          ["typed-gitlab (dist/; the root re-exports every endpoint)", ["typed-gitlab"], true],
          [
            "typed-gitlab/endpoints/projects alone (dist/)",
            ["typed-gitlab/endpoints/projects"],
            false,
          ],
        ] as Array<[string, string[], boolean]>)
      : []),
    ["esbuild stand-in: core", [url("index.js")], false],
    [
      "esbuild stand-in: core + all 1,864 endpoints",
      [url("index.js"), url("endpoints.js")],
      !built,
    ],
    ["@gitbeaker/rest", ["@gitbeaker/rest"], false],
    ["axios alone", ["axios"], false],
    ["axios + axios-retry", ["axios", "axios-retry"], false],
  ];
  const times = new Map<string, number[]>(targets.map(([name]) => [name, []]));
  for (let trial = 0; trial < trials; trial++) {
    for (const [name, specifiers] of targets) times.get(name)!.push(await importMs(specifiers));
  }
  const ms = (name: string): number => median(times.get(name)!);
  const beaker = { name: "@gitbeaker/rest", value: ms("@gitbeaker/rest") };
  const rows: Row[] = targets.map(([name, , judged]) => {
    const value = ms(name);
    const goal = judged
      ? { goal: { text: "no slower than importing @gitbeaker/rest", met: value <= beaker.value } }
      : {};
    return {
      name: `import ${name}`,
      value,
      unit: "ms",
      ...(name !== "@gitbeaker/rest" && { baseline: beaker }),
      ...goal,
    };
  });

  const kb = Object.fromEntries(
    await Promise.all(
      ["core-0", "core-1", "core-1-barrel", "core-10", "gitbeaker-1", "axios-retry"].map(
        async (entry) => [entry, await gzippedKB(entry)] as const,
      ),
    ),
  ) as Record<string, number>;
  const beakerKB = { name: "gitbeaker, one call", value: kb["gitbeaker-1"] };
  const perEndpoint = (kb["core-10"]! - kb["core-1"]!) / 9;
  rows.push(
    { name: "bundle: core, httpGet only", value: kb["core-0"], unit: "kB", baseline: beakerKB },
    { name: "bundle: core + 1 endpoint", value: kb["core-1"], unit: "kB", baseline: beakerKB },
    {
      name: "bundle: core + 1 endpoint via the barrel of all endpoints",
      value: kb["core-1-barrel"],
      unit: "kB",
      baseline: { name: "core + 1 endpoint", value: kb["core-1"] },
      goal: {
        text: "unused endpoints cost nothing",
        met: Math.abs(kb["core-1-barrel"]! - kb["core-1"]!) < 0.05,
      },
    },
    { name: "bundle: core + 10 endpoints", value: kb["core-10"], unit: "kB", baseline: beakerKB },
    {
      name: "bundle: each endpoint used, (10 − 1) / 9",
      value: perEndpoint,
      unit: "kB",
      goal: { text: "< 1 kB", met: perEndpoint < 1 },
    },
    { name: "bundle: @gitbeaker/rest, one call", value: kb["gitbeaker-1"], unit: "kB" },
    {
      name: "bundle: axios + axios-retry",
      value: kb["axios-retry"],
      unit: "kB",
      baseline: beakerKB,
    },
  );
  return {
    title: "4. Cold start and bundle size",
    method:
      `Import time inside a fresh \`node\` process (median of ${trials}, targets interleaved). The package is built with esbuild as tsup builds it ` +
      "(ESM, code splitting, dependencies external), generated endpoints as their own entry. " +
      "Bundles: esbuild `--bundle --minify --platform=node`, every dependency included, gzip -9; entries in bench/entries/.",
    rows,
    notes: [
      `Importing axios alone takes ${ms("axios alone").toFixed(0)} ms, ${(ms("axios alone") / beaker.value).toFixed(1)}× all of @gitbeaker/rest (which uses fetch): ` +
        "its Node build loads form-data (with mime-types), follow-redirects and proxy-from-env. The transport is built on axios, so the core pays that; " +
        (built
          ? `the endpoint modules are cheap (typed-gitlab/endpoints/projects alone: ${ms("typed-gitlab/endpoints/projects alone (dist/)").toFixed(0)} ms).`
          : "the endpoint modules are cheap."),
    ],
  };
}
