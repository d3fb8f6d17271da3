// npm run bench [-- --smoke] [--write-doc] [--only overhead,pagination,...]
//
// Benchmarks beside the clients users would otherwise pick, all against the same local simulator.
// Every figure is printed with its ratio to a baseline measured in the same run. A full run writes
// docs/benchmarks.md; --smoke (CI) uses small counts and writes nothing unless --write-doc is given.
// Missed goals never fail the run: benchmarks are not tests. A measure that crashes does (exit 1).

import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { format, resolveConfig } from "prettier";
import type { BenchConfig } from "./config.js";
import { generation } from "./generation.js";
import { memory } from "./memory.js";
import { overhead } from "./overhead.js";
import { pagination } from "./pagination.js";
import { REPO_ROOT } from "./paths.js";
import { pythonGitlab } from "./python.js";
import { rateLimit } from "./rate-limit.js";
import { describeMachine, printSection, renderMarkdown, type Section } from "./report.js";
import { startup } from "./startup.js";
import { typecheck } from "./typecheck.js";

const MEASURES: ReadonlyArray<readonly [string, (config: BenchConfig) => Promise<Section>]> = [
  ["overhead", overhead],
  ["pagination", pagination],
  ["memory", memory],
  ["startup", startup],
  ["typecheck", typecheck],
  ["generation", generation],
  ["rate-limit", rateLimit],
];
/** Generation takes as long as CI's `generate --check`, which already runs it: not repeated in smoke. */
const NOT_IN_SMOKE = new Set(["generation"]);

const PREAMBLE = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts); do not edit by hand. Each figure is a cost (lower is better)
and its ratio is to a baseline measured in the same run, against the same simulator on 127.0.0.1.
Benchmarks are not tests: a missed goal is reported here, never asserted. \`npm run bench -- --smoke\`
is CI's quick variant (small counts; it does not write this file).

Baselines: raw axios and raw fetch (Node's undici), [@gitbeaker/rest](https://github.com/jdalrymple/gitbeaker)
and python-gitlab (Debian's python3-gitlab, timed inside its own process; skipped when absent).
The simulator runs in a process of its own, so its CPU and memory are not the client's.
`;

async function packageVersion(name: string): Promise<string> {
  const json = JSON.parse(
    await readFile(`${REPO_ROOT}/node_modules/${name}/package.json`, "utf8"),
  ) as { version: string };
  return json.version;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      smoke: { type: "boolean", default: false },
      "write-doc": { type: "boolean", default: false },
      only: { type: "string" },
    },
  });
  const only = values.only?.split(",").map((name) => name.trim());
  const python = await pythonGitlab();
  const config: BenchConfig = { smoke: values.smoke, python };
  if (python.reason) console.log(`note: ${python.reason}`);
  const started = Date.now();
  // Taken before the first measure, so that the run's own load is not counted.
  const machineAtStart = describeMachine({}, python.python);
  const sections: Section[] = [];
  let failed = false;
  for (const [name, measure] of MEASURES) {
    if (only && !only.includes(name)) continue;
    if (config.smoke && NOT_IN_SMOKE.has(name) && !only) {
      console.log(`\n(${name}: not part of the smoke run)`);
      continue;
    }
    try {
      const section = await measure(config);
      printSection(section);
      sections.push(section);
    } catch (error) {
      failed = true;
      console.error(
        `\n${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }
  console.log(
    `\n${config.smoke ? "smoke run" : "run"} took ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );

  const writeDoc = values["write-doc"] || (!config.smoke && only === undefined);
  if (writeDoc && !failed) {
    const versions: Record<string, string> = {};
    for (const name of [
      "axios",
      "axios-retry",
      "openapi-fetch",
      "@gitbeaker/rest",
      "esbuild",
      "typescript",
      "openapi-typescript",
    ]) {
      versions[name] = await packageVersion(name);
    }
    if (python.version) versions["python-gitlab"] = python.version;
    const machine = { ...machineAtStart, versions };
    const file = `${REPO_ROOT}/docs/benchmarks.md`;
    // Formatted as `npm run format:check` expects, so that a fresh doc passes CI as written.
    const doc = await format(renderMarkdown(sections, machine, PREAMBLE, config.smoke), {
      ...(await resolveConfig(file)),
      filepath: file,
    });
    await writeFile(file, doc);
    console.log("wrote docs/benchmarks.md");
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
