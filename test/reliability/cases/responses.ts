import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe } from "node:test";
import { getApiV4Projects } from "../../../generated/endpoints/projects.js";
import {
  GitlabParsingError,
  GitlabRedirectError,
  GitlabResponse,
  type Gitlab,
} from "../../../src/index.js";
import { startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { useSimulator } from "../../helpers/simulator.js";
import { faultCase, itemsVerified } from "../tally.js";
import {
  ADMIN_TOKEN,
  client,
  ISSUES,
  PROJECT,
  recordingLogger,
  rejection,
  STYLES,
} from "../support.js";

const CREDENTIALS = ["private-token", "authorization", "job-token", "sudo", "cookie"];

/** The ~10 MiB body of the `big` fault: items `{ id: 1.. }`, in order, none missing. */
function assertBigPage(items: ReadonlyArray<{ id?: number }>): void {
  assert.ok(items.length > 9_000, `${items.length} items`);
  items.forEach((item, index) => assert.equal(item.id, index + 1));
  itemsVerified(items.length);
}

export function responseCases(): void {
  describe("malformed success responses", () => {
    const ctx = useSimulator();

    for (const style of STYLES) {
      describe(style.name, () => {
        faultCase(
          "invalid JSON under a JSON content type → GitlabParsingError quoting the start; never retried",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "malformedJson", path: PROJECT });
            const error = await rejection(
              style.getProject(client(sim, { retryTransientErrors: true })),
            );
            assert.ok(error instanceof GitlabParsingError);
            assert.match(error.message, /not valid JSON \(\d+ bytes, starting "\{\\"id\\": 1/);
            assert.equal(
              sim.requests.length,
              1,
              "GitLab answered; asking again would not change that",
            );
          },
        );

        faultCase(
          "empty body under a JSON content type → GitlabParsingError 'body is empty'",
          async () => {
            const { sim } = ctx;
            sim.inject({ kind: "emptyJson", path: PROJECT });
            const error = await rejection(style.getProject(client(sim)));
            assert.ok(error instanceof GitlabParsingError);
            assert.match(error.message, /declares JSON but its body is empty/);
          },
        );

        for (const kind of ["gzip", "deflate"] as const) {
          faultCase(
            `${kind} Content-Encoding → decoded, identical to the plain response`,
            async () => {
              const { sim } = ctx;
              const gl = client(sim);
              const plain = await style.getProject(gl);
              sim.inject({ kind, path: PROJECT });
              assert.deepEqual(await style.getProject(gl), plain);
            },
          );
        }

        faultCase("10 MiB JSON page → every item parsed, in order", async () => {
          const { sim } = ctx;
          sim.inject({ kind: "big", path: /^\/api\/v4\/projects$/ });
          const gl = client(sim);
          const items =
            style.name === "generated"
              ? await getApiV4Projects(gl)
              : ((await gl.httpGet("/projects")) as Array<{ id?: number }>);
          assertBigPage(items);
        });
      });
    }

    faultCase(
      "escape hatch: JSON body labelled text/plain → the GitlabResponse, not parsed behind the caller's back",
      async () => {
        const { sim } = ctx;
        sim.inject({ kind: "wrongContentType", path: PROJECT });
        const response = await client(sim).httpGet("/projects/1");
        assert.ok(response instanceof GitlabResponse);
        assert.equal(response.headers.get("content-type"), "text/plain");
        assert.equal(response.json<{ id: number }>().id, 1, "the caller can still parse it");
      },
    );

    faultCase(
      "generated: JSON body labelled text/plain → decoded as the JSON the operation declares",
      async () => {
        const { sim } = ctx;
        sim.inject({ kind: "wrongContentType", path: PROJECT });
        const result = (await STYLES[1]!.getProject(client(sim))) as { id: number };
        assert.equal(result.id, 1);
      },
    );

    faultCase("10 MiB page in a listing → every item of it listed", async () => {
      const { sim } = ctx;
      sim.inject({ kind: "big", path: /^\/api\/v4\/projects$/ });
      assertBigPage(await client(sim).httpList<{ id?: number }>("/projects", { page: 1 }));
    });
  });

  describe("redirects", () => {
    const ctx = useSimulator();
    const elsewhere: { sim?: Simulator } = {};
    const other = async (): Promise<Simulator> => {
      elsewhere.sim ??= await startSimulator();
      elsewhere.sim.reset();
      return elsewhere.sim;
    };
    const redirect = (
      status: 301 | 302 | 303 | 307 | 308,
      from: string,
      to: string,
      method = "GET",
    ) => ctx.sim.inject({ kind: "redirect", status, path: from, location: to, method });

    for (const style of STYLES) {
      describe(style.name, () => {
        for (const status of [301, 302, 307, 308] as const) {
          faultCase(
            `${status} on GET (same origin) → followed with credentials, the project arrives`,
            async () => {
              const { sim } = ctx;
              sim.reset();
              redirect(status, PROJECT, `${sim.url}/api/v4/projects/1?moved=1`);
              assert.equal((await style.getProject(client(sim))).id, 1);
              assert.equal(sim.requests.length, 2);
              assert.equal(sim.requests[1]!.query["moved"], "1");
              assert.equal(sim.requests[1]!.headers["private-token"], ADMIN_TOKEN);
            },
          );
        }

        for (const status of [307, 308] as const) {
          faultCase(
            `${status} on POST (same origin) → followed with method and body: one issue`,
            async () => {
              const { sim } = ctx;
              sim.reset();
              redirect(status, ISSUES, `${sim.url}${ISSUES}?moved=1`, "POST");
              const issue = await style.createIssue(client(sim), `via-${status}`);
              assert.equal(issue.title, `via-${status}`);
              const [first, second] = sim.requests;
              assert.equal(second!.method, "POST");
              assert.deepEqual(second!.body, first!.body);
            },
          );
        }

        for (const status of [301, 302, 303] as const) {
          faultCase(
            `${status} on POST → GitlabRedirectError naming both URLs (it would turn into a GET)`,
            async () => {
              const { sim } = ctx;
              sim.reset();
              redirect(status, ISSUES, `${sim.url}/api/v4/elsewhere`, "POST");
              const error = await rejection(style.createIssue(client(sim), "redirected"));
              assert.ok(error instanceof GitlabRedirectError);
              assert.ok(error.message.includes(`${sim.url}${ISSUES}`));
              assert.ok(error.message.includes(`${sim.url}/api/v4/elsewhere`));
              assert.equal(sim.requests.length, 1);
            },
          );
        }

        faultCase("redirect loop → GitlabRedirectError 'redirect loop', no hang", async () => {
          const { sim } = ctx;
          sim.reset();
          redirect(302, PROJECT, `${sim.url}/api/v4/loop`);
          sim.inject({
            kind: "redirect",
            path: "/api/v4/loop",
            location: `${sim.url}${PROJECT}`,
            times: 5,
          });
          const error = await rejection(style.getProject(client(sim)));
          assert.ok(error instanceof GitlabRedirectError);
          assert.match(error.message, /redirect loop/);
          sim.reset();
        });

        faultCase(
          "a chain of 12 redirects → GitlabRedirectError 'more than 10 redirects'",
          async () => {
            const { sim } = ctx;
            sim.reset();
            redirect(302, PROJECT, `${sim.url}/api/v4/hop/1`);
            for (let hop = 1; hop <= 12; hop++) {
              sim.inject({
                kind: "redirect",
                path: `/api/v4/hop/${hop}`,
                location: `${sim.url}/api/v4/hop/${hop + 1}`,
              });
            }
            const error = await rejection(style.getProject(client(sim)));
            assert.ok(error instanceof GitlabRedirectError);
            assert.match(error.message, /more than 10 redirects/);
            sim.reset();
          },
        );

        const auths: Array<[string, Parameters<typeof client>[1]]> = [
          ["privateToken", { privateToken: ADMIN_TOKEN }],
          ["oauthToken", { oauthToken: "simulator-oauth-token" }],
          ["jobToken", { jobToken: "simulator-job-token" }],
        ];
        for (const [option, auth] of auths) {
          faultCase(
            `GET redirected to another origin (${option}, Sudo, Cookie) → followed without any of them, warned once`,
            async () => {
              const { sim } = ctx;
              const target = await other();
              sim.reset();
              redirect(302, PROJECT, `${target.url}/api/v4/projects/1`);
              redirect(302, PROJECT, `${target.url}/api/v4/projects/1`);
              const logger = recordingLogger();
              const gl = client(sim, { ...auth, logger });
              const headers = { Sudo: "root", Cookie: "_gitlab_session=abc" };
              assert.equal((await style.getProject(gl, { headers })).id, 1);
              assert.equal((await style.getProject(gl, { headers })).id, 1);
              assert.equal(target.requests.length, 2);
              for (const arrived of target.requests) {
                for (const name of CREDENTIALS)
                  assert.equal(arrived.headers[name], undefined, name);
              }
              assert.equal(
                sim.requests[0]!.headers["sudo"],
                "root",
                "the configured origin gets them",
              );
              assert.equal(logger.warnings.length, 1);
              assert.match(logger.warnings[0]!, new RegExp(`to ${target.url} without credentials`));
            },
          );
        }

        faultCase(
          "POST 307 to another origin → GitlabRedirectError; the other origin gets nothing",
          async () => {
            const { sim } = ctx;
            const target = await other();
            sim.reset();
            redirect(307, ISSUES, `${target.url}${ISSUES}`, "POST");
            const error = await rejection(style.createIssue(client(sim), "stay-home"));
            assert.ok(error instanceof GitlabRedirectError);
            assert.match(error.message, /outside the configured/);
            assert.equal(target.requests.length, 0);
          },
        );
      });
    }

    faultCase(
      "escape hatch: 307 on a POST with a streamed body → GitlabRedirectError (a stream cannot be replayed)",
      async () => {
        const { sim } = ctx;
        sim.reset();
        redirect(
          307,
          "/api/v4/projects/1/uploads",
          `${sim.url}/api/v4/projects/1/uploads?moved=1`,
          "POST",
        );
        const gl: Gitlab = client(sim);
        const error = await rejection(
          gl.httpPost("/projects/1/uploads", {
            postData: Readable.from([Buffer.from("bytes")]),
            raw: true,
          }),
        );
        assert.ok(error instanceof GitlabRedirectError);
        assert.match(error.message, /streamed body cannot be sent twice/);
        assert.equal(sim.requests.length, 1);
      },
    );

    faultCase(
      "escape hatch: an absolute URL on another origin → refused before sending",
      async () => {
        const target = await other();
        await assert.rejects(client(ctx.sim).httpGet(`${target.url}/api/v4/projects/1`), {
          name: "GitlabOptionError",
          option: "path",
          message: /is not the configured GitLab origin .*credentials are only sent there/,
        });
        assert.equal(target.requests.length, 0);
        await elsewhere.sim?.close();
      },
    );
  });
}
