// npm run generate [-- --spec <file|url>] [--out <dir>] [--check] [--lock <file>] [--update-lock]
//
// Regenerates generated/ from GitLab's OpenAPI description. With --check it writes nothing and fails,
// naming the stale files, when generated/ is not what the spec produces (CI runs this).

import { relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { SpecFixError } from "./fix-rules.js";
import { formatLint } from "./lint.js";
import { compareTree, writeTreeAtomically } from "./output.js";
import { writeLock } from "./spec-lock.js";
import { SpecError, upstreamSpecUrl } from "./spec-source.js";
import { DEFAULT_LOCK_FILE, loadSpec, REPO_ROOT } from "./spec.js";

const USAGE =
  "usage: npm run generate -- [--spec <file|url>] [--out <dir>] [--check] [--lock <file>] [--update-lock]";

class UsageError extends Error {}

function options(argv: string[]) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        spec: { type: "string" },
        out: { type: "string" },
        check: { type: "boolean", default: false },
        lock: { type: "string" },
        "update-lock": { type: "boolean", default: false },
      },
    });
    if (values.check && values["update-lock"]) {
      throw new UsageError("--check and --update-lock cannot be combined");
    }
    return values;
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
}

function seconds(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(1)} s`;
}

async function main(argv: string[]): Promise<number> {
  const start = performance.now();
  const args = options(argv);
  const outDir = args.out === undefined ? resolve(REPO_ROOT, "generated") : resolve(args.out);
  const lockFile = args.lock === undefined ? DEFAULT_LOCK_FILE : resolve(args.lock);
  const shownOut = relative(process.cwd(), outDir) || ".";

  const spec = await loadSpec({ spec: args.spec, lockFile, verifyLock: !args["update-lock"] });
  console.log(
    `Spec: ${spec.title} ${spec.version}, sha256 ${spec.sha256} (${spec.bytes} bytes), lock ${spec.lock}\n  from ${spec.source}`,
  );
  // The type emitter (TypeScript, openapi-typescript) takes a second or two to load: only pay for it
  // once the spec is known good, so bad input is reported at once.
  const { generateTree } = await import("./generator.js");
  const generated = await generateTree(spec);
  console.log(formatLint(generated.lint));

  if (args.check) {
    const diff = await compareTree(outDir, generated.tree);
    const stale = [
      ...diff.changed.map((file) => `  changed: ${shownOut}/${file}`),
      ...diff.missing.map((file) => `  missing: ${shownOut}/${file}`),
      ...diff.extra.map((file) => `  extra:   ${shownOut}/${file}`),
    ];
    if (stale.length > 0) {
      console.error(
        `error: ${shownOut}/ is stale (${stale.length} files differ from what the spec generates); rerun npm run generate\n${stale.join("\n")}`,
      );
      return 1;
    }
    console.log(
      `${shownOut}/ is up to date (${generated.tree.size} files, checked in ${seconds(start)})`,
    );
    return 0;
  }

  await writeTreeAtomically(outDir, generated.tree);
  if (args["update-lock"]) {
    await writeLock(lockFile, {
      version: spec.version,
      sha256: spec.sha256,
      bytes: spec.bytes,
      url: upstreamSpecUrl(spec.version),
    });
    console.log(`Updated ${relative(process.cwd(), lockFile)} to GitLab ${spec.version}`);
  }
  console.log(
    `Generated ${generated.operations.length} operations in ${generated.modules.length} modules ` +
      `(${generated.tree.size} files) into ${shownOut}/ in ${seconds(start)}`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof SpecError || error instanceof SpecFixError) {
      console.error(`error: ${error.message}\nNothing was written.`);
      process.exitCode = 1;
    } else {
      console.error("error: generation failed; nothing was written.", error);
      process.exitCode = 1;
    }
  },
);
