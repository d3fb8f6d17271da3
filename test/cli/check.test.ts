import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import YAML from "yaml";
import { defaultSeed, startSimulator, type Simulator } from "../../src/simulator/index.js";
import { useSimulator } from "../helpers/simulator.js";
import { ADMIN_TOKEN, runOn } from "./support.js";

describe("typed-gitlab check", () => {
  const s = useSimulator();
  // Project 6 named with a number: a response that does not fit its type, whatever the schemas fix.
  let drifted: Simulator;
  before(async () => {
    const seed = defaultSeed();
    seed.projects = (seed.projects ?? []).map((p) =>
      p.id === 6 ? { ...p, name: 6 as unknown as string } : p,
    );
    drifted = await startSimulator({ seed });
  });
  after(() => drifted.close());

  it("says so when the response fits the generated type", async () => {
    const result = await runOn(s.sim.url, ["check", "getApiV4ProjectsIdPipelines", "--id", "1"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      "getApiV4ProjectsIdPipelines: the response fits the generated type\n",
    );
  });

  it("prints each mismatch with its fixes.yaml entry, never a value, and exits 1", async () => {
    const result = await runOn(drifted.url, ["check", "getApiV4ProjectsId", "--id", "6"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /getApiV4ProjectsId: \d+ place\(s\) where GitLab's response/);
    const report = result.stdout.split("\n\n").find((block) => block.includes("at $.name:"));
    assert.ok(report, result.stdout);
    assert.match(
      report,
      /^response check: getApiV4ProjectsId \(200\) at \$\.name: expected string, received integer\./,
    );
    const entry = YAML.parse(report.slice(report.indexOf("schemas:"))) as unknown;
    assert.deepEqual(entry, {
      schemas: [
        {
          schema: "APIEntitiesProjectsWithAccessAndCatalogSetting",
          reason: (entry as { schemas: { reason: string }[] }).schemas[0]?.reason,
          set: { "/properties/name/type": "integer" },
        },
      ],
    });
    assert.ok(!result.stdout.includes(ADMIN_TOKEN));
    assert.ok(!result.stdout.includes('"name": 6'), "no value is printed");
  });

  it("refuses an operation without a JSON response schema before calling it", async () => {
    const result = await runOn(s.sim.url, [
      "check",
      "getApiV4ProjectsIdJobsJobIdArtifacts",
      "--id",
      "1",
      "--job_id",
      "5001",
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /has no JSON response schema to check against/);
    assert.ok(!s.sim.requests.some((r) => r.path.includes("/artifacts")), "nothing was sent");
  });
});
