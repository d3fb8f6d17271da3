// The same response through every door: generated endpoint, typed path call, escape hatch. The
// typed doors share one decoding rule; the escape hatch keeps python-gitlab's shapes.

import assert from "node:assert/strict";
import { inspect } from "node:util";
import { describe, it } from "node:test";
import { getApiV4ProjectsId } from "../../generated/endpoints/projects.js";
import { GitlabParsingError, GitlabResponse, type Gitlab } from "../../src/index.js";
import type { FaultKind } from "../../src/simulator/index.js";
import "../../src/paths.js";
import { ADMIN_TOKEN, client, useSimulator } from "../helpers/simulator.js";

const PROJECT = "/api/v4/projects/1";

const typedDoors: Array<[string, (gl: Gitlab) => Promise<unknown>]> = [
  ["generated", (gl) => getApiV4ProjectsId(gl, { path: { id: 1 } })],
  [
    "gl.GET",
    async (gl) => (await gl.GET("/api/v4/projects/{id}", { params: { path: { id: 1 } } })).data,
  ],
];
const escapeHatch = (gl: Gitlab) => gl.httpGet("/projects/1");

/** What a door gave: a value, or the error it threw, reduced to something comparable. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    const value = await call;
    if (value instanceof GitlabResponse) return `response ${value.status}`;
    return value === undefined ? "undefined" : `value ${JSON.stringify(value).slice(0, 30)}`;
  } catch (error) {
    const text = `${inspect(error)} ${String((error as Error).cause)} ${JSON.stringify(error)}`;
    assert.ok(!text.includes("glpat-"), `a token fragment leaked: ${text}`);
    return (error as Error).name;
  }
}

const rows: Array<[string, FaultKind, string, string]> = [
  [
    "malformed JSON quoting the token",
    { kind: "malformedJson", body: `x ${ADMIN_TOKEN} and more` },
    "GitlabParsingError",
    "GitlabParsingError",
  ],
  [
    "200, JSON content type, empty body",
    { kind: "emptyJson" },
    "GitlabParsingError",
    "GitlabParsingError",
  ],
  [
    "202 with a JSON body",
    { kind: "status", status: 202, body: { id: 1, queued: true } },
    'value {"id":1,"queued":true}',
    'value {"id":1,"queued":true}',
  ],
  ["204", { kind: "status", status: 204, body: "" }, "undefined", "response 204"],
  ["JSON under text/plain", { kind: "wrongContentType" }, "value {", "response 200"],
  [
    "an HTML page with 200",
    {
      kind: "status",
      status: 200,
      body: "<!doctype html><title>Sign in</title>",
      headers: { "Content-Type": "text/html" },
    },
    "GitlabParsingError",
    "response 200",
  ],
];

describe("the same response, every door", () => {
  const ctx = useSimulator();
  for (const [name, fault, typed, loose] of rows) {
    it(name, async () => {
      const gl = client(ctx.sim);
      for (const [door, call] of typedDoors) {
        ctx.sim.reset();
        ctx.sim.inject({ ...fault, path: PROJECT });
        const got = await outcome(call(gl));
        assert.ok(got.startsWith(typed), `${door}: ${got}`);
      }
      ctx.sim.reset();
      ctx.sim.inject({ ...fault, path: PROJECT });
      const got = await outcome(escapeHatch(gl));
      assert.ok(got.startsWith(loose), `escape hatch: ${got}`);
    });
  }

  it("a malformed body's error names what came, the parser's quotation dropped from its cause", async () => {
    ctx.sim.reset();
    ctx.sim.inject({ kind: "malformedJson", body: `x ${ADMIN_TOKEN}`, path: PROJECT });
    const error = await getApiV4ProjectsId(client(ctx.sim), { path: { id: 1 } }).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof GitlabParsingError);
    assert.match(error.message, /not valid JSON \(\d+ bytes, starting "x \[REDACTED\]"\)/);
    assert.equal((error.cause as Error).message, "not valid JSON");
  });
});
