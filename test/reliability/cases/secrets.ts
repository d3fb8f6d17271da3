import assert from "node:assert/strict";
import { describe } from "node:test";
import { inspect } from "node:util";
import fc from "fast-check";
import {
  Gitlab,
  GitlabError,
  GitlabOptionError,
  GitlabPaginationError,
} from "../../../src/index.js";
import type { Simulator } from "../../../src/simulator/index.js";
import { GitlabList, type ListSource } from "../../../src/gitlab-list.js";
import { ResponseHeaders } from "../../../src/headers.js";
import { Redactor } from "../../../src/redact.js";
import { runCli } from "../../cli/support.js";
import { useSimulator } from "../../helpers/simulator.js";
import { faultCase } from "../tally.js";
import { closedPort, recordingLogger, STYLES } from "../support.js";

const AUTH_OPTIONS = ["privateToken", "oauthToken", "jobToken"] as const;
type AuthOption = (typeof AUTH_OPTIONS)[number];

/** Every way the token could show up in text: as is, JSON-escaped, inspect-escaped, URL-encoded. */
function spellings(token: string): string[] {
  return [
    token,
    JSON.stringify(token).slice(1, -1),
    inspect(token).slice(1, -1),
    encodeURIComponent(token),
  ];
}

/** Every text an error offers to a logger, a crash report or a developer's console. */
function errorTexts(error: unknown): string[] {
  assert.ok(error instanceof GitlabError, `expected a GitlabError, got ${String(error)}`);
  const fields = Object.values(error).filter((value): value is string => typeof value === "string");
  return [
    ...fields,
    error.message,
    String(error.stack),
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
    inspect(error, { depth: 10, customInspect: false, showHidden: true }),
  ];
}

function assertAbsent(token: string, texts: readonly string[], where: string): void {
  for (const text of texts) {
    for (const form of spellings(token)) {
      assert.ok(
        !text.includes(form),
        `${where} shows the token as ${JSON.stringify(form)}: ${text.slice(0, 400)}`,
      );
    }
  }
}

/**
 * Provoke every kind of error with this token, where the server and the URLs echo it as much as
 * they can, and return the errors and log lines produced.
 */
async function provoke(sim: Simulator, option: AuthOption, token: string) {
  sim.reset();
  const logger = recordingLogger();
  const gl = new Gitlab({
    url: sim.url,
    [option]: token,
    logger,
    retryTransientErrors: true,
    maxRetries: 1,
    maxRetryWait: 1,
  });
  const echo = `${token} ${encodeURIComponent(token)}`;
  const errors: unknown[] = [];
  const attempt = async (call: () => Promise<unknown>) => {
    errors.push(
      await call().then(
        () => assert.fail("expected an error"),
        (error: unknown) => error,
      ),
    );
  };
  const project = "/api/v4/projects/1";
  await attempt(() =>
    gl.httpGet("/projects/1", { queryParams: { private_token: token, q: token } }),
  );
  for (const style of STYLES) {
    await attempt(() => style.getProject(gl)); // 401: GitLab does not know the token
    sim.inject({
      kind: "status",
      status: 500,
      times: 2,
      path: project,
      body: { message: `bad ${echo}` },
      headers: { "X-Echo": token },
    });
    await attempt(() => style.getProject(gl));
    sim.inject({
      kind: "status",
      status: 502,
      times: 2,
      path: project,
      body: `<html><title>${echo}</title></html>`,
    });
    await attempt(() => style.getProject(gl));
  }
  // From here the server accepts anything: a token it does not know still reaches the faults.
  const open = new Gitlab({ url: sim.url, [option]: token, logger, timeout: 50 });
  sim.inject({ kind: "malformedJson", path: project, body: `{"token": "${echo}`.repeat(3) });
  await attempt(() => open.httpGet("/projects/1"));
  sim.inject({
    kind: "redirect",
    status: 302,
    method: "POST",
    path: "/api/v4/projects/1/issues",
    location: `${sim.url}/api/v4/x/${encodeURIComponent(token)}?private_token=${encodeURIComponent(token)}`,
  });
  await attempt(() => open.httpPost("/projects/1/issues", { postData: { title: token } }));
  sim.inject({
    kind: "redirect",
    status: 302,
    path: project,
    location: `${sim.url}/api/v4/${encodeURIComponent(token)}`,
  });
  sim.inject({ kind: "redirect", status: 302, path: "/api/v4/", location: `${sim.url}${project}` });
  await attempt(() => open.httpGet(`/projects/${encodeURIComponent(token)}`));
  sim.inject({ kind: "slowHeaders", delayMs: 300, path: project });
  await attempt(() => open.httpGet("/projects/1"));
  sim.inject({
    kind: "nextLink",
    url: `http://127.0.0.2:1/api/v4/${encodeURIComponent(token)}?page=2`,
    path: "/api/v4/projects",
  });
  await attempt(() => open.httpList("/projects", { getAll: true, perPage: 2 }));
  const refused = new Gitlab({
    url: `http://127.0.0.1:${await closedPort()}`,
    [option]: token,
    logger,
  });
  await attempt(() => refused.httpGet(`/projects/${encodeURIComponent(token)}`));
  return { errors, logs: [...logger.debugs, ...logger.warnings] };
}

// A token is 8+ characters here: shorter strings occur in any text by chance ("GET" contains "ET");
// real GitLab tokens are 20+. Everything the client can refuse is tried by the last property.
const visibleAscii = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
  minLength: 8,
  maxLength: 48,
});
const urlSpecial = fc.string({
  unit: fc.constantFrom(..."%/?#&=+@:;,[]{}|\\^`\"'<>~.!$*()", ..."abcXYZ019"),
  minLength: 8,
  maxLength: 32,
});
const realistic = fc.stringMatching(/^(glpat-|glcbt-|gldt-)?[A-Za-z0-9_-]{20}$/);

export function secretCases(): void {
  describe("secrets: no token in any error, stack, JSON, inspect or log line (fast-check)", () => {
    const ctx = useSimulator();
    const property = (tokens: fc.Arbitrary<string>, numRuns: number) =>
      fc.assert(
        fc.asyncProperty(tokens, fc.constantFrom(...AUTH_OPTIONS), async (token, option) => {
          const { errors, logs } = await provoke(ctx.sim, option, token);
          errors.forEach((error, n) => assertAbsent(token, errorTexts(error), `error ${n}`));
          assertAbsent(token, logs, "a log line");
        }),
        { numRuns },
      );

    faultCase("visible-ASCII tokens of 8–48 characters, any auth option → absent everywhere", () =>
      property(visibleAscii, 25),
    );
    faultCase("tokens full of characters that need URL-encoding → absent, raw or encoded", () =>
      property(urlSpecial, 25),
    );
    faultCase("GitLab-shaped tokens (glpat-…, glcbt-…, gldt-…) → absent everywhere", () =>
      property(realistic, 10),
    );
    faultCase(
      "tokens that are substrings of the URLs requested → absent (the URLs are redacted)",
      () => {
        const url = `${ctx.sim.url}/api/v4/projects/1`;
        const substrings = fc
          .tuple(fc.nat({ max: url.length - 8 }), fc.integer({ min: 8, max: url.length }))
          .map(([start, length]) => url.slice(start, start + length))
          .filter((token) => token.length >= 8);
        return property(substrings, 20);
      },
    );

    faultCase(
      "tokens with characters no header can carry (control, space, non-ASCII) → GitlabOptionError naming the option, never the token",
      () => {
        fc.assert(
          fc.property(
            fc
              .string({ unit: "binary", minLength: 1, maxLength: 40 })
              .filter((token) => /[^\x21-\x7e]/u.test(token)),
            fc.constantFrom(...AUTH_OPTIONS),
            (token, option) => {
              const error = (() => {
                try {
                  new Gitlab({ url: ctx.sim.url, [option]: token });
                } catch (caught) {
                  return caught;
                }
                return assert.fail("accepted");
              })();
              assert.ok(error instanceof GitlabOptionError);
              assert.equal(error.option, option);
              if (token.trim().length >= 4)
                assertAbsent(token, errorTexts(error), "the option error");
            },
          ),
          { numRuns: 200 },
        );
      },
    );
  });

  describe("secrets: pagination errors quoting what GitLab sent", () => {
    const token = "glpat-echoed-in-link-0123";
    const ctx = useSimulator({ tokens: { private: [token] } });

    faultCase(
      "a malformed Link header echoing the token → GitlabPaginationError with the header quoted, token redacted",
      async () => {
        ctx.sim.inject({
          kind: "badLink",
          link: `<${token}; rel="next"`,
          path: "/api/v4/projects",
        });
        const gl = new Gitlab({ url: ctx.sim.url, privateToken: token });
        const error = await gl.httpList("/projects", { getAll: true }).then(
          () => assert.fail("expected an error"),
          (caught: unknown) => caught,
        );
        assert.ok(error instanceof GitlabPaginationError);
        assertAbsent(token, errorTexts(error), "the pagination error");
      },
    );
  });

  faultCase(
    "GitlabList given the client's redactor → a Link header echoing the token is quoted redacted",
    async () => {
      const token = "glpat-echoed-in-link-4567";
      const redactor = new Redactor([token]);
      const source: ListSource = {
        fetchPage: () =>
          Promise.resolve({
            url: "https://gitlab.example/api/v4/projects?page=1",
            headers: new ResponseHeaders({ link: `<${token}; rel="next"` }),
            items: [],
          }),
        vetNextUrl: (url) => url,
        prefetch: 1,
        redact: (text) => redactor.redact(text),
        warn: () => {},
      };
      const error = await GitlabList.open(source, "https://gitlab.example/api/v4/projects").then(
        () => assert.fail("expected an error"),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof GitlabPaginationError);
      assert.match(error.message, /malformed Link header: "<\[REDACTED\]; rel=/);
      assertAbsent(token, errorTexts(error), "the pagination error");
    },
  );

  describe("secrets: the CLI as a subprocess", () => {
    const ctx = useSimulator();
    const tokens = [
      "glpat-Zx9Qm2Lp7Rt4Vw8Ny1Kb",
      "%2F?a=b&c#d\"e'f\\g<h>",
      "/api/v4/projects", // a substring of every URL the CLI requests
    ];

    for (const token of tokens) {
      faultCase(
        `CLI with --token ${JSON.stringify(token)}: 401, 500 echoing it, --debug → not in stdout or stderr`,
        async () => {
          const { sim } = ctx;
          sim.reset();
          const base = ["--url", sim.url, "--token", token];
          sim.inject({
            kind: "status",
            status: 500,
            path: "/api/v4/user",
            body: { message: `echo ${token}` },
            times: 2,
          });
          const [unauthorized, echoed, env] = await Promise.all([
            runCli([...base, "--debug", "api", "projects/1"]),
            runCli([...base, "--debug", "api", "user"]),
            runCli(["--url", sim.url, "--debug", "api", "user"], { env: { GITLAB_TOKEN: token } }),
          ]);
          for (const result of [unauthorized, echoed, env]) {
            assert.notEqual(result.code, 0);
            assertAbsent(token, [result.stdout, result.stderr], "CLI output");
          }
        },
      );
    }

    faultCase("CLI with a token no header can carry → refused, the token not echoed", async () => {
      const token = "glpat-with space-é";
      const result = await runCli(["--url", ctx.sim.url, "--token", token, "api", "user"]);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /privateToken/);
      assertAbsent(token, [result.stdout, result.stderr], "CLI output");
    });
  });
}
