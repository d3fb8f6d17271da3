import { readdirSync } from "node:fs";
import { defineConfig } from "tsup";

// One entry per tag, so `typed-gitlab/endpoints/<tag>` loads (and type-checks) only that tag.
const endpointEntries = Object.fromEntries(
  readdirSync("generated/endpoints")
    .filter((file) => file.endsWith(".ts"))
    .map((file) => [`endpoints/${file.slice(0, -3)}`, `generated/endpoints/${file}`]),
);

// Declarations come from tsc (tsconfig.build.json), file for file, so that module augmentation
// (`typed-gitlab/paths`) works and a consumer's compiler reads only the modules it imports.
const common = { dts: false, target: "node20", treeshake: true } as const;

export default defineConfig([
  {
    ...common,
    entry: {
      index: "src/index.ts",
      paths: "src/paths.ts",
      simulator: "src/simulator/index.ts",
      "endpoints/index": "generated/index.ts",
      ...endpointEntries,
    },
    format: ["esm", "cjs"],
    clean: true,
  },
  // The command line is ESM only: bin/typed-gitlab.js imports it.
  { ...common, entry: { cli: "src/cli/main.ts" }, format: ["esm"] },
]);
