import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { ADMIN_TOKEN, useSimulator } from "../helpers/simulator.js";

const PROBE = fileURLToPath(new URL("fixtures/load-probe.ts", import.meta.url));

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--import", "tsx", PROBE, ...args], (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

describe("response check: zero cost when off", () => {
  const simulator = useSimulator();

  it("a client making generated calls loads neither ajv nor the schemas until a check runs", async () => {
    const result = JSON.parse(await run([simulator.sim.url, ADMIN_TOKEN])) as {
      off: string[];
      on: string[];
      id: number;
    };
    assert.equal(result.id, 1);
    assert.deepEqual(result.off, []);
    // The probe can see them: once a check has run, both are loaded.
    assert.deepEqual(result.on, ["ajv", "response-schemas.json"]);
  });
});
