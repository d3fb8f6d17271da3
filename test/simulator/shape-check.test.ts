import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { defaultSeed, startSimulator } from "../../src/simulator/index.js";
import type { Simulator, SimulatorSeed } from "../../src/simulator/index.js";
import { json } from "../../src/simulator/http/response.js";
import type { Handler, RouteContext } from "../../src/simulator/router.js";
import { shapeChecking } from "../../src/simulator/shape-check.js";
import type { ShapeMismatch } from "../../src/simulator/types.js";
import { assertGitlabShapes } from "../helpers/shapes.js";
import { AUTH, getJson } from "./helpers.js";

/** The built-in seed with project 6's name a number, as a careless seed file could have it. */
function driftedSeed(): SimulatorSeed {
  const seed = defaultSeed();
  const projects = (seed.projects ?? []).map((project) =>
    project.id === 6 ? { ...project, name: 6 as unknown as string } : project,
  );
  return { ...seed, projects };
}

describe("simulator: validateResponses", () => {
  const started: Simulator[] = [];
  after(() => Promise.all(started.map((sim) => sim.close())));
  const start = async (options: Parameters<typeof startSimulator>[0]) => {
    const sim = await startSimulator(options);
    started.push(sim);
    return sim;
  };

  it("records a drifted response with its route, operation, path and types, and the helper fails on it", async () => {
    const sim = await start({ validateResponses: true, seed: driftedSeed() });
    assert.equal((await getJson(sim, "/api/v4/projects/6")).status, 200);
    assert.equal((await getJson(sim, "/api/v4/projects/1")).status, 200);
    const drift = sim.shapeMismatches.filter((m) => m.path === "$.name");
    assert.deepEqual(drift, [
      {
        request: "GET /api/v4/projects/6",
        operationId: "getApiV4ProjectsId",
        status: 200,
        kind: "type",
        path: "$.name",
        expected: "string",
        received: "integer",
      },
    ]);
    assert.throws(
      () => assertGitlabShapes(sim),
      /getApiV4ProjectsId 200 type \$\.name: expected string, received integer/,
    );
  });

  it("holds what the routes answer, not what a fault makes of it", async () => {
    const sim = await start({ validateResponses: true });
    sim.inject({ kind: "malformedJson", path: "/api/v4/projects/1" });
    sim.inject({ kind: "emptyPage", path: "/api/v4/projects/1/issues" });
    await fetch(`${sim.url}/api/v4/projects/1`, { headers: AUTH }).then((r) => r.text());
    assert.equal((await getJson(sim, "/api/v4/projects/1/issues")).status, 200);
    assert.doesNotThrow(() => assertGitlabShapes(sim));
  });

  it("records nothing when off", async () => {
    const sim = await start({ seed: driftedSeed() });
    assert.equal((await getJson(sim, "/api/v4/projects/6")).status, 200);
    assert.deepEqual(sim.shapeMismatches, []);
  });

  it("names a field GitLab's schema lacks, a status it does not declare, and a route no operation has", async () => {
    const recorded: ShapeMismatch[] = [];
    const wrap = await shapeChecking((m) => recorded.push(m));
    const ctx = { method: "GET", rawPath: "/api/v4/x" } as RouteContext;
    const answer = (method: string, pattern: string, handler: Handler) =>
      wrap({ method, segments: pattern.split("/").filter(Boolean), handler, auth: false })({
        ...ctx,
        method,
      });
    await answer("GET", "/version", () =>
      json(200, {
        version: "19.5.0-ee",
        revision: "abc",
        enterprise: true,
        kas: {
          enabled: true,
          externalUrl: null,
          externalK8sProxyUrl: "https://kas",
          version: null,
        },
        secret_flag: true,
      }),
    );
    await answer("POST", "/projects", () => json(200, {}));
    await answer("GET", "/projects/:id/not_gitlab", () => json(200, []));
    await answer("GET", "/version", () => json(404, { message: "404 Not Found" }));
    assert.deepEqual(
      recorded.map(({ operationId, status, kind, path, expected, received }) => ({
        operationId,
        status,
        kind,
        path,
        expected,
        received,
      })),
      [
        {
          operationId: "getApiV4Version",
          status: 200,
          kind: "undeclared",
          path: "$.secret_flag",
          expected: "no such property",
          received: "boolean",
        },
        {
          operationId: "postApiV4Projects",
          status: 200,
          kind: "status",
          path: "$",
          expected: "201",
          received: "200",
        },
        {
          operationId: "",
          status: 200,
          kind: "operation",
          path: "$",
          expected: "a GitLab operation",
          received: "none",
        },
      ],
    );
  });
});
