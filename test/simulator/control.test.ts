import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { defaultSeed, startSimulator } from "../../src/simulator/index.js";
import { AUTH, getJson, useSimulator } from "./helpers.js";

const ctx = useSimulator();
const control = (path: string, init?: RequestInit) =>
  fetch(`${ctx.sim.url}/-/simulator${path}`, init);

describe("control API", () => {
  it("queues faults over HTTP, including a regex path, and lists what is pending", async () => {
    const posted = await control("/faults", {
      method: "POST",
      body: JSON.stringify([
        { kind: "status", status: 502, page: "nginx", pathRegex: "^/api/v4/projects/\\d+$" },
        { kind: "status", status: 500, path: "/api/v4/users", times: 3 },
      ]),
    });
    assert.equal(posted.status, 201);
    assert.deepEqual(await posted.json(), { queued: 2 });
    const pending = (await (await control("/faults")).json()) as {
      kind: string;
      pathRegex?: string;
      times: number;
    }[];
    assert.equal(pending.length, 2);
    const regex = new RegExp(pending[0]?.pathRegex ?? "");
    assert.ok(regex.test("/api/v4/projects/12") && !regex.test("/api/v4/projects/12/issues"));
    assert.equal(pending[1]?.times, 3);
    assert.equal((await getJson(ctx.sim, "/api/v4/projects/acme%2Fwebsite")).status, 200);
    const failed = await fetch(`${ctx.sim.url}/api/v4/projects/1`, { headers: AUTH });
    assert.equal(failed.status, 502);
    assert.equal((await control("/faults", { method: "DELETE" })).status, 204);
    assert.equal((await getJson(ctx.sim, "/api/v4/users")).status, 200);
  });

  it("rejects a bad fault with 400", async () => {
    const response = await control("/faults", {
      method: "POST",
      body: JSON.stringify({ kind: "nope" }),
    });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /Unknown fault kind/);
  });

  it("exposes and clears the request log, bodies in base64", async () => {
    await control("/requests", { method: "DELETE" });
    await fetch(`${ctx.sim.url}/api/v4/projects/1/issues`, {
      method: "POST",
      headers: { ...AUTH, "Content-Type": "application/json" },
      body: '{"title":"via control"}',
    });
    const log = (await (await control("/requests")).json()) as {
      method: string;
      url: string;
      body: string;
    }[];
    assert.equal(log.length, 1);
    assert.equal(log[0]?.method, "POST");
    assert.equal(Buffer.from(log[0]?.body ?? "", "base64").toString(), '{"title":"via control"}');
    assert.equal((await control("/requests", { method: "DELETE" })).status, 204);
    assert.equal(ctx.sim.requests.length, 0);
  });

  it("resets the state and reports the seeded fixtures", async () => {
    await fetch(`${ctx.sim.url}/api/v4/projects/6`, { method: "DELETE", headers: AUTH });
    assert.equal((await getJson(ctx.sim, "/api/v4/projects/6")).status, 404);
    assert.equal((await control("/reset", { method: "POST" })).status, 204);
    assert.equal((await getJson(ctx.sim, "/api/v4/projects/6")).status, 200);
    const info = (await (await control("/info")).json()) as {
      apiUrl: string;
      projects: { id: number }[];
    };
    assert.equal(info.apiUrl, `${ctx.sim.url}/api/v4`);
    assert.equal(info.projects.length, 6);
  });
});

describe("seeds", () => {
  it("loads a JSON seed file, keeping built-in fields it leaves out", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sim-seed-"));
    try {
      const file = join(dir, "seed.json");
      const seed = {
        tokens: [{ token: "glpat-file", kind: "private", userId: 2 }],
        projects: [
          {
            id: 40,
            path: "lib",
            namespace: "acme",
            visibility: "public",
            issues: [{ title: "Seeded" }],
          },
        ],
      };
      await writeFile(file, JSON.stringify(seed));
      const sim = await startSimulator({ seed: file, tokens: { private: ["extra-token"] } });
      try {
        const me = await getJson(sim, "/api/v4/user", { "PRIVATE-TOKEN": "glpat-file" });
        assert.equal(
          (me.body as { username: string }).username,
          "alice",
          "users come from the built-in seed",
        );
        const extra = await getJson(sim, "/api/v4/user", { "PRIVATE-TOKEN": "extra-token" });
        assert.equal((extra.body as { username: string }).username, "root");
        assert.equal(
          (await getJson(sim, "/api/v4/user")).status,
          401,
          "the file replaced the default tokens",
        );
        const issues = await getJson(sim, "/api/v4/projects/acme%2Flib/issues", {});
        assert.deepEqual(
          (issues.body as { title: string }[]).map((i) => i.title),
          ["Seeded"],
        );
      } finally {
        await sim.close();
      }
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it("fails at start on a dangling reference or a malformed file", async () => {
    await assert.rejects(
      startSimulator({
        seed: { ...defaultSeed(), projects: [{ id: 1, path: "x", namespace: "ghost" }] },
      }),
      /namespace "ghost"/,
    );
    await assert.rejects(
      startSimulator({ seed: "/nonexistent/seed.json" }),
      /Cannot read simulator seed file/,
    );
  });
});
