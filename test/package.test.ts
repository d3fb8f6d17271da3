import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { VERSION } from "../src/version.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
  engines: { node: string };
  exports: Record<string, string | { types: string; import: string; require: string }>;
  dependencies: Record<string, string>;
};

describe("package.json", () => {
  it("VERSION matches the package version (it goes into the User-Agent)", () => {
    assert.equal(VERSION, pkg.version);
  });

  it("pins every runtime dependency exactly", () => {
    for (const [name, range] of Object.entries(pkg.dependencies)) {
      assert.match(range, /^\d+\.\d+\.\d+$/, `${name}@${range}`);
    }
  });

  it("exports ESM, CommonJS and types for each entry point", () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === "string") continue;
      assert.match(target.types, /^\.\/dist\/types\/.+\.d\.ts$/, subpath);
      assert.match(target.import, /^\.\/dist\/.+\.js$/, subpath);
      assert.match(target.require, /^\.\/dist\/.+\.cjs$/, subpath);
    }
    assert.ok(pkg.exports["./endpoints/*"], "per-tag endpoint modules are importable");
  });
});
