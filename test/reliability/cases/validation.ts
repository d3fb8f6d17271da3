import assert from "node:assert/strict";
import { describe } from "node:test";
import { getApiV4ProjectsId } from "../../../generated/endpoints/projects.js";
import { getApiV4ProjectsIdMergeRequests } from "../../../generated/endpoints/merge-requests.js";
import { Gitlab, GitlabOptionError, type GitlabOptions } from "../../../src/index.js";
import { useSimulator } from "../../helpers/simulator.js";
import { faultCase } from "../tally.js";
import { client } from "../support.js";

/** The error of `call`, which must be a GitlabOptionError naming `option`. */
async function assertRefused(call: () => unknown, option: string): Promise<void> {
  const error = await (async () => call())().then(
    () => assert.fail(`accepted; expected a GitlabOptionError for ${option}`),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof GitlabOptionError, String(error));
  assert.equal(error.option, option);
  assert.ok(error.message.includes(option), error.message);
}

export function validationCases(): void {
  describe("invalid options and arguments fail early, naming the argument", () => {
    const ctx = useSimulator();

    const badOptions: Array<[string, GitlabOptions]> = [
      ["url", { url: "gitlab.example.com" }],
      ["url", { url: "" }],
      ["url", { url: "https://gitlab.example.com/?x=1" }],
      ["timeout", { timeout: -1 }],
      ["timeout", { timeout: 0 }],
      ["maxRetryWait", { maxRetryWait: -1 }],
      ["retryDeadline", { retryDeadline: -100 }],
      ["retryDeadline", { retryDeadline: 2.5 }],
      ["maxConcurrency", { maxConcurrency: -3 }],
      ["privateToken, oauthToken", { privateToken: "glpat-aaaaaaaa", oauthToken: "bbbbbbbb" }],
      ["oauthToken, jobToken", { oauthToken: "bbbbbbbb", jobToken: "cccccccc" }],
      [
        "privateToken, oauthToken, jobToken",
        { privateToken: "a1", oauthToken: "b2", jobToken: "c3" },
      ],
    ];
    faultCase(
      "bad client options (non-URL url, negative timeouts and waits, two auth methods) → GitlabOptionError naming each",
      async () => {
        for (const [option, options] of badOptions)
          await assertRefused(() => new Gitlab(options), option);
      },
    );

    faultCase(
      "bad per-request options (negative timeout, retryDeadline, maxRetries) → refused before sending",
      async () => {
        const { sim } = ctx;
        sim.reset();
        const gl = client(sim);
        await assertRefused(() => gl.httpGet("/projects/1", { timeout: -5 }), "timeout");
        await assertRefused(
          () => gl.httpGet("/projects/1", { retryDeadline: -1 }),
          "retryDeadline",
        );
        await assertRefused(() => gl.httpGet("/projects/1", { maxRetries: 1.5 }), "maxRetries");
        await assertRefused(
          () => getApiV4ProjectsId(gl, { path: { id: 1 } }, { timeout: -5 }),
          "timeout",
        );
        assert.equal(sim.requests.length, 0);
      },
    );

    faultCase(
      "non-integer or out-of-range pages and page sizes → refused before sending",
      async () => {
        const { sim } = ctx;
        sim.reset();
        const gl = client(sim);
        await assertRefused(() => gl.httpList("/projects", { page: 1.5 }), "page");
        await assertRefused(() => gl.httpList("/projects", { page: 0 }), "page");
        await assertRefused(
          () => gl.httpList("/projects", { page: "2" as unknown as number }),
          "page",
        );
        await assertRefused(() => gl.httpList("/projects", { perPage: 101 }), "perPage");
        await assertRefused(
          () => gl.httpList("/projects", { getAll: true, prefetch: 0 }),
          "prefetch",
        );
        await assertRefused(
          () => gl.paginate(getApiV4ProjectsIdMergeRequests, { path: { id: 2 } }, { perPage: 2.5 }),
          "perPage",
        );
        assert.equal(sim.requests.length, 0);
      },
    );

    const badIds = [
      "..",
      "a/../b",
      ".",
      "group/./project",
      "x\ny",
      "nul\u0000",
      "del\u007f",
      "tab\there",
      "",
    ];
    faultCase(
      "generated path params with '..', '.', control characters or empty → refused, never sent",
      async () => {
        const { sim } = ctx;
        sim.reset();
        const gl = client(sim);
        for (const id of badIds) {
          await assertRefused(() => getApiV4ProjectsId(gl, { path: { id } }), "path.id");
          await assertRefused(
            () => gl.paginate(getApiV4ProjectsIdMergeRequests, { path: { id } }).all(),
            "path.id",
          );
        }
        await assertRefused(() => getApiV4ProjectsId(gl, { path: { id: Number.NaN } }), "path.id");
        assert.equal(sim.requests.length, 0);
      },
    );

    faultCase(
      "escape-hatch paths with control characters, or absolute URLs elsewhere → refused, never sent",
      async () => {
        const { sim } = ctx;
        sim.reset();
        const gl = client(sim);
        await assertRefused(() => gl.httpGet("/projects/1\r\nX-Injected: 1"), "path");
        await assertRefused(() => gl.httpGet("https://attacker.example/api/v4/user"), "path");
        await assertRefused(
          () => gl.httpList("http://127.0.0.2:1/api/v4/projects", { getAll: true }),
          "path",
        );
        await assertRefused(
          () => gl.httpRequest({ verb: "GET /x HTTP/1.1", path: "/user" }),
          "verb",
        );
        assert.equal(sim.requests.length, 0);
      },
    );
  });
}
