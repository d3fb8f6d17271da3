// (5) Type-checking cost: `tsc --noEmit` over one consumer file (and what it imports), with the
// repository's compiler options, in a fresh process each time. Two ways in for our consumers:
// - as a user gets it: imports rewritten to "typed-gitlab", "typed-gitlab/endpoints/<tag>" and
//   "typed-gitlab/paths", resolved by the package's own name to dist/types (needs `npm run build`);
//   the consumer lives in .tmp/ (git-ignored, inside the package so that its name resolves);
// - from source (bench/entries as written), where every imported .ts file is checked in full.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { size, type BenchConfig } from "./config.js";
import { BENCH_DIR, REPO_ROOT } from "./paths.js";
import type { Row, Section } from "./report.js";
import { median, timeMs } from "./stats.js";

const run = promisify(execFile);
const GOAL_S = 5;
const PACKAGE_DIR = `${REPO_ROOT}/.tmp/bench-typecheck`;

interface Consumer {
  readonly name: string;
  /** Directory of the consumer file and its tsconfig. */
  readonly dir: string;
  readonly file: string;
  readonly judged: boolean;
}

/** The entry with its relative imports turned into the package's public specifiers. */
function asPackageConsumer(source: string): string {
  return source
    .replaceAll('"../../src/index.js"', '"typed-gitlab"')
    .replaceAll('"../../src/paths.js"', '"typed-gitlab/paths"')
    .replace(
      /"\.\.\/\.\.\/generated\/endpoints\/([a-z0-9-]+)\.js"/g,
      '"typed-gitlab/endpoints/$1"',
    );
}

async function consumers(): Promise<Consumer[]> {
  const list: Consumer[] = [];
  const built = existsSync(`${REPO_ROOT}/dist/types/src/index.d.ts`);
  if (built) {
    await mkdir(PACKAGE_DIR, { recursive: true });
    for (const [entry, label] of [
      ["core-10", "ten generated endpoints (package)"],
      ["paths-2", "two typed path calls (package, typed-gitlab/paths)"],
    ] as const) {
      const source = await readFile(`${BENCH_DIR}/entries/${entry}.ts`, "utf8");
      await writeFile(`${PACKAGE_DIR}/${entry}.ts`, asPackageConsumer(source));
      list.push({
        name: label,
        dir: PACKAGE_DIR,
        file: `${entry}.ts`,
        judged: entry === "core-10",
      });
    }
  }
  list.push(
    {
      name: "ten generated endpoints (from source)",
      dir: `${BENCH_DIR}/entries`,
      file: "core-10.ts",
      judged: !built,
    },
    {
      name: "two typed path calls (from source)",
      dir: `${BENCH_DIR}/entries`,
      file: "paths-2.ts",
      judged: false,
    },
    {
      name: "@gitbeaker/rest, two calls",
      dir: `${BENCH_DIR}/entries`,
      file: "gitbeaker-2.ts",
      judged: false,
    },
  );
  return list;
}

async function tscSeconds(consumer: Consumer): Promise<number> {
  const config = `${PACKAGE_DIR}/tsconfig.${consumer.file.replace(/\.ts$/, "")}.${consumer.dir === PACKAGE_DIR ? "pkg" : "src"}.json`;
  await mkdir(PACKAGE_DIR, { recursive: true });
  await writeFile(
    config,
    JSON.stringify({
      extends: `${REPO_ROOT}/tsconfig.json`,
      include: [],
      files: [`${consumer.dir}/${consumer.file}`],
    }),
  );
  const ms = await timeMs(() =>
    run(process.execPath, [`${REPO_ROOT}/node_modules/typescript/bin/tsc`, "-p", config], {
      cwd: REPO_ROOT,
      timeout: 300_000,
    }),
  );
  return ms / 1000;
}

/** `Lines of Definitions` (declaration files) that tsc reads for one consumer file. */
async function definitionLines(dir: string, file: string): Promise<number> {
  const config = `${PACKAGE_DIR}/tsconfig.lines.${file.replace(/\.ts$/, "")}.json`;
  await writeFile(
    config,
    JSON.stringify({
      extends: `${REPO_ROOT}/tsconfig.json`,
      include: [],
      files: [`${dir}/${file}`],
    }),
  );
  const { stdout } = await run(
    process.execPath,
    [`${REPO_ROOT}/node_modules/typescript/bin/tsc`, "-p", config, "--extendedDiagnostics"],
    { cwd: REPO_ROOT, timeout: 300_000 },
  );
  const lines = /Lines of Definitions:\s+(\d+)/.exec(stdout)?.[1];
  if (lines === undefined) throw new Error(`tsc printed no Lines of Definitions for ${file}`);
  return Number(lines);
}

/**
 * What a one-endpoint program makes the compiler read beyond an empty one, as a user gets the
 * package (dist/types), beside gitbeaker for the same program: a client whose main entry dragged
 * in every endpoint's declarations would show here.
 */
async function declarationRows(): Promise<Row[]> {
  if (!existsSync(`${REPO_ROOT}/dist/types/src/index.d.ts`)) return [];
  await mkdir(PACKAGE_DIR, { recursive: true });
  for (const entry of ["empty", "core-1", "core-0"]) {
    const source = await readFile(`${BENCH_DIR}/entries/${entry}.ts`, "utf8");
    await writeFile(`${PACKAGE_DIR}/${entry}.ts`, asPackageConsumer(source));
  }
  const empty = await definitionLines(PACKAGE_DIR, "empty.ts");
  const beaker = (await definitionLines(`${BENCH_DIR}/entries`, "gitbeaker-1.ts")) - empty;
  const baseline = { name: "gitbeaker, one call", value: beaker };
  const ours = (await definitionLines(PACKAGE_DIR, "core-1.ts")) - empty;
  const client = (await definitionLines(PACKAGE_DIR, "core-0.ts")) - empty;
  return [
    { name: "declaration lines read: gitbeaker, one call", value: beaker, unit: "lines" },
    {
      name: "declaration lines read: the client and one endpoint (package)",
      value: ours,
      unit: "lines",
      baseline,
      goal: { text: "≤ gitbeaker's", met: ours <= beaker },
    },
    {
      name: "declaration lines read: the client alone (package)",
      value: client,
      unit: "lines",
      baseline,
    },
  ];
}

export async function typecheck(config: BenchConfig): Promise<Section> {
  const trials = size(config, 1, 3);
  // The smoke run keeps the judged consumer and gitbeaker's, to stay well inside CI's minute.
  const list = (await consumers()).filter(
    (c) => !config.smoke || c.judged || c.name.startsWith("@gitbeaker"),
  );
  const times = new Map<string, number[]>(list.map((c) => [c.name, []]));
  for (let trial = 0; trial < trials; trial++) {
    for (const consumer of list) times.get(consumer.name)!.push(await tscSeconds(consumer));
  }
  const s = (name: string): number => median(times.get(name)!);
  const beaker = { name: "gitbeaker, two calls", value: s("@gitbeaker/rest, two calls") };
  const rows: Row[] = list.map((consumer) => ({
    name: `tsc --noEmit: ${consumer.name}`,
    value: s(consumer.name),
    unit: "s",
    ...(!consumer.name.startsWith("@gitbeaker") && { baseline: beaker }),
    ...(consumer.judged && {
      goal: { text: `< ${GOAL_S} s`, met: s(consumer.name) < GOAL_S },
    }),
  }));
  rows.push(...(await declarationRows()));
  return {
    title: "5. Type-checking cost",
    method:
      "`tsc --noEmit` (the repository's TypeScript and compiler options, skipLibCheck as there) on one consumer file from bench/entries/, " +
      `whole-process wall time, median of ${trials}; and tsc's "Lines of Definitions" beyond an empty program (one run: it is a count). "package" consumers import typed-gitlab by name and get dist/types (declarations, ` +
      'not checked under skipLibCheck); "from source" ones import the .ts files, which are checked in full.',
    rows,
    notes: existsSync(`${REPO_ROOT}/dist/types/src/index.d.ts`)
      ? []
      : [
          "dist/types is missing (run `npm run build`): only the from-source consumers were measured.",
        ],
  };
}
