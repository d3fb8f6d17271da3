// Contract tests: every generated function, called with valid arguments, must send a request that
// GitLab's (patched) OpenAPI description accepts. A real validator judges it: Prism, serving the
// document the generator reads, behind a recording proxy (see recorder.ts). Exceptions are listed
// with their reason at the end and in docs/contract-tests.md (rewritten when
// CONTRACT_TESTS_WRITE_DOCS=1; otherwise the file must match what this run found).

import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as prettier from "prettier";
import * as endpoints from "../../generated/index.js";
import manifestJson from "../../generated/manifest.json" with { type: "json" };
import type { Manifest, ManifestOperation } from "../../scripts/manifest.js";
import { REPO_ROOT } from "../../scripts/spec.js";
import { operationQuery } from "../../src/operation-request.js";
import { Gitlab } from "../../src/index.js";
import { KNOWN_EXCEPTIONS } from "./known-exceptions.js";
import { startPrism, type PrismServer } from "./prism.js";
import { writeServedSpec, type ServedSpec } from "./prism-spec.js";
import { CONTRACT_ID_HEADER, startRecorder, type Exchange, type Recorder } from "./recorder.js";
import { replaceSection, summarize, type OperationResult } from "./report.js";
import { buildRequest, indexOperations, type CallArgs } from "./requests.js";
import {
  callOperation,
  describeExchange,
  mapPool,
  type LooseEndpoint,
  type Outcome,
} from "./run.js";
import { describeViolations, verdict } from "./violations.js";

const manifest = manifestJson as unknown as Manifest;
const functions = endpoints as unknown as Record<string, LooseEndpoint>;
const DOC_FILE = join(REPO_ROOT, "docs", "contract-tests.md");
// Prism answers one request at a time per event-loop turn; 16 in flight keeps it busy without queueing
// so long that a slow answer looks like a hang.
const CONCURRENCY = 16;

let dir: string | undefined;
let served: ServedSpec;
let prism: PrismServer | undefined;
let recorder: Recorder | undefined;
let gl: Gitlab;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "typed-gitlab-contract-"));
  served = await writeServedSpec(dir);
  prism = await startPrism(served.file);
  recorder = await startRecorder(prism.url);
  // Nothing may hide a failure: no retries, no waiting out a 429.
  gl = new Gitlab({
    url: recorder.url,
    privateToken: "contract-test-token",
    retryTransientErrors: false,
    obeyRateLimit: false,
  });
});

after(async () => {
  await recorder?.close();
  await prism?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function fn(operationId: string): LooseEndpoint {
  const found = functions[operationId];
  assert.ok(found, `generated/index.ts exports ${operationId}`);
  return found;
}

async function call(operationId: string, args: CallArgs, id = operationId): Promise<Outcome> {
  assert.ok(recorder);
  return callOperation(gl, recorder, fn(operationId), args, id);
}

/** A request the client cannot build (bad JSON, no token, unknown route), sent through the recorder. */
async function raw(id: string, path: string, init: RequestInit = {}): Promise<Exchange> {
  assert.ok(recorder);
  const headers = new Headers(init.headers);
  headers.set(CONTRACT_ID_HEADER, id);
  const response = await fetch(`${recorder.url}${path}`, { ...init, headers });
  await response.arrayBuffer();
  const [exchange] = recorder.take(id);
  assert.ok(exchange, `${id} reached Prism`);
  return exchange;
}

function assertValid(outcome: Outcome): Exchange {
  if (outcome.kind === "violation")
    assert.fail(`${describeViolations(outcome.violations)}\n${describeExchange(outcome.exchange)}`);
  if (outcome.kind === "no-exchange") assert.fail(`no request recorded: ${outcome.error}`);
  return outcome.exchange;
}

test("an invalid request is reported as a violation, so the contract can fail", async (t) => {
  await t.test("a body value outside its enum", async () => {
    const outcome = await call(
      "putApiV4AdminActiveContextCodeEnabledNamespaces",
      { body: { namespace_id: 1, state: "bogus" } },
      "negative-enum",
    );
    assert.equal(outcome.kind, "violation");
    assert.ok(outcome.kind === "violation");
    assert.ok(
      outcome.violations.some((v) => v.location === "request.body.state"),
      describeViolations(outcome.violations),
    );
  });
  await t.test("a required query parameter left out", async () => {
    const outcome = await call(
      "getApiV4ProjectsIdRepositoryFilesFilePath",
      { path: { id: 1, file_path: "README.md" } },
      "negative-required",
    );
    assert.ok(outcome.kind === "violation", outcome.kind);
    assert.match(describeViolations(outcome.violations), /ref/);
  });
  await t.test("a wrong type in a path parameter", async () => {
    const outcome = await call(
      "getApiV4ProjectsIdJobsJobId",
      { path: { id: 1, job_id: "abc" } },
      "negative-path",
    );
    assert.ok(outcome.kind === "violation", outcome.kind);
    assert.match(describeViolations(outcome.violations), /job_id/);
  });
  await t.test("a multipart body without its required file", async () => {
    const outcome = await call(
      "postApiV4ProjectsIdUploads",
      { path: { id: 1 }, body: { unrelated: "x" } },
      "negative-multipart",
    );
    assert.ok(outcome.kind === "violation", outcome.kind);
    assert.match(describeViolations(outcome.violations), /file/);
  });
  await t.test("a body in the wrong media type", async () => {
    const exchange = await raw(
      "negative-media",
      "/api/v4/admin/active_context/code/enabled_namespaces",
      {
        method: "PUT",
        headers: { "PRIVATE-TOKEN": "x", "content-type": "text/plain" },
        body: "namespace_id=1&state=ready",
      },
    );
    assert.ok(verdict(exchange).request.length > 0, describeExchange(exchange));
  });
  await t.test("no route, wrong method, no credentials", async () => {
    const noRoute = await raw("negative-route", "/api/v4/no/such/route", {
      headers: { "PRIVATE-TOKEN": "x" },
    });
    assert.equal(verdict(noRoute).request[0]?.code, "NO_PATH_MATCHED_ERROR");
    const noMethod = await raw("negative-method", "/api/v4/projects/1", {
      method: "PATCH",
      headers: { "PRIVATE-TOKEN": "x" },
    });
    assert.equal(verdict(noMethod).request[0]?.code, "NO_METHOD_MATCHED_ERROR");
    const noToken = await raw("negative-token", "/api/v4/projects/1");
    assert.equal(verdict(noToken).request[0]?.code, "UNAUTHORIZED");
  });
});

test("path parameters go out as one encoded segment, comma arrays as one value", async (t) => {
  await t.test("a project path", async () => {
    const exchange = assertValid(
      await call("getApiV4ProjectsId", { path: { id: "group/sub/project" } }),
    );
    assert.equal(exchange.url, "/api/v4/projects/group%2Fsub%2Fproject");
  });
  await t.test("a file path", async () => {
    const exchange = assertValid(
      await call("getApiV4ProjectsIdRepositoryFilesFilePath", {
        path: { id: "group/sub/project", file_path: "src/app.rb" },
        query: { ref: "main" },
      }),
    );
    assert.equal(
      exchange.url,
      "/api/v4/projects/group%2Fsub%2Fproject/repository/files/src%2Fapp.rb?ref=main",
    );
  });
  await t.test("a comma array", async () => {
    const exchange = assertValid(
      await call("getApiV4ProjectsIdIssues", {
        path: { id: 1 },
        query: { labels: ["a", "b"], iids: [1, 2] },
      }),
    );
    const query = new URL(exchange.url, "http://x").searchParams;
    assert.equal(query.get("labels"), "a,b");
    assert.equal(query.get("iids"), "1,2");
    // The comma may be percent-encoded (Rack decodes before Grape splits), but there is one key per array.
    assert.equal(query.getAll("labels").length, 1);
    assert.match(exchange.url, /[?&]labels=a(,|%2C)b(&|$)/);
    // Prism split the list: a bad second item is reported at index 1.
    const bad = await call(
      "getApiV4ProjectsIdIssues",
      { path: { id: 1 }, query: { iids: [1, "x"] } },
      "comma-bad-item",
    );
    assert.ok(bad.kind === "violation", bad.kind);
    assert.ok(
      bad.violations.some((v) => v.location === "request.query.iids.1"),
      describeViolations(bad.violations),
    );
  });
  await t.test("a bracket array, checked locally since Prism cannot read it", async () => {
    const meta = fn("getApiV4ProjectsIdJobs").meta;
    assert.equal(meta.queryArrays?.["scope"], "brackets");
    assert.equal(
      operationQuery(meta, { scope: ["failed", "success"] }),
      "scope[]=failed&scope[]=success",
    );
    const exchange = assertValid(
      await call("getApiV4ProjectsIdJobs", {
        path: { id: 1 },
        query: { scope: ["failed", "success"] },
      }),
    );
    assert.equal(new URL(exchange.url, "http://x").search, "?scope[]=failed&scope[]=success");
  });
});

test("Prism's limits behind the documented exceptions still hold", async () => {
  // If Prism learns to read `name[]`, the single-valued category should go: this starts failing then.
  const brackets = await raw("limit-brackets", "/api/v4/projects/1/jobs?scope[]=bogus", {
    headers: { "PRIVATE-TOKEN": "x" },
  });
  assert.deepEqual(verdict(brackets).request, [], "Prism ignores scope[]");
  const plain = await raw("limit-plain", "/api/v4/projects/1/jobs?scope=bogus", {
    headers: { "PRIVATE-TOKEN": "x" },
  });
  assert.ok(verdict(plain).request.length > 0, "Prism validates scope");
});

function checkSent(op: ManifestOperation, args: CallArgs, exchange: Exchange): string | undefined {
  if (exchange.method !== op.method) return `sent ${exchange.method}, expected ${op.method}`;
  let expected = op.path;
  for (const [name, value] of Object.entries(args.path ?? {}))
    expected = expected.replace(`{${name}}`, encodeURIComponent(String(value)));
  const sentPath = exchange.url.split("?")[0];
  if (sentPath !== expected) return `sent path ${sentPath}, expected ${expected}`;
  const type = String(exchange.headers["content-type"] ?? "");
  const declared = op.requestBody?.mediaTypes;
  if (
    args.body !== undefined &&
    declared !== undefined &&
    !declared.some((m) => type.startsWith(m))
  )
    return `sent content-type ${type}, the operation takes ${declared.join(", ")}`;
  return undefined;
}

test(
  `every operation sends a request its description accepts (${manifest.operationCount})`,
  { timeout: 600_000 },
  async () => {
    const index = indexOperations(served.spec.document);
    const started = Date.now();
    const results = await mapPool(
      manifest.operations,
      CONCURRENCY,
      async (op): Promise<OperationResult> => {
        const none = { op, validated: false, singleValued: [], omitted: [], formNested: [] };
        const endpoint = functions[op.operationId];
        const entry = index.get(op.operationId);
        if (endpoint === undefined || entry === undefined)
          return { ...none, failure: "not generated or not in the spec" };
        if (endpoint.meta.method !== op.method || endpoint.meta.path !== op.path)
          return {
            ...none,
            failure: `meta ${endpoint.meta.method} ${endpoint.meta.path} differs from the manifest`,
          };
        let built;
        try {
          built = buildRequest(
            served.spec.document,
            endpoint.meta,
            entry.operation,
            entry.pathParameters,
          );
        } catch (error) {
          return { ...none, failure: `no valid arguments: ${String(error)}` };
        }
        const base = {
          op,
          singleValued: built.singleValued,
          omitted: built.omitted,
          formNested: built.formNested,
        };
        const outcome = await callOperation(gl, recorder!, endpoint, built.args);
        const known = KNOWN_EXCEPTIONS.get(op.operationId);
        if (outcome.kind === "no-exchange")
          return {
            ...base,
            validated: false,
            failure: `${outcome.exchanges} requests recorded: ${outcome.error}`,
          };
        const wrong = checkSent(op, built.args, outcome.exchange);
        if (wrong !== undefined)
          return {
            ...base,
            validated: false,
            failure: `${wrong}: ${describeExchange(outcome.exchange)}`,
          };
        if (outcome.kind === "violation") {
          const report = `${describeViolations(outcome.violations)} | sent ${describeExchange(outcome.exchange)}`;
          return known === undefined
            ? { ...base, validated: false, failure: report }
            : { ...base, validated: false, known };
        }
        if (known !== undefined)
          return {
            ...base,
            validated: true,
            failure: `listed in known-exceptions.ts (${known.category}) but now valid: remove the entry`,
          };
        return {
          ...base,
          validated: true,
          ...(outcome.responseError !== undefined && { responseProblem: outcome.responseError }),
        };
      },
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const summary = summarize(results);
    console.log(
      `${summary}\n${manifest.operationCount} operations in ${seconds} s, ${CONCURRENCY} at a time.`,
    );

    // Compared as prettier writes it, so `npm run format` and this test agree on the file.
    const documented = await readFile(DOC_FILE, "utf8");
    const config = (await prettier.resolveConfig(DOC_FILE)) ?? {};
    const current = await prettier.format(replaceSection(documented, summary), {
      ...config,
      filepath: DOC_FILE,
    });
    if (process.env["CONTRACT_TESTS_WRITE_DOCS"] === "1") {
      await writeFile(DOC_FILE, current);
    } else {
      assert.equal(
        documented,
        current,
        "docs/contract-tests.md is out of date: rerun with CONTRACT_TESTS_WRITE_DOCS=1",
      );
    }
    const failures = results.filter((r) => r.failure !== undefined);
    assert.deepEqual(
      failures.map((r) => `${r.op.operationId}: ${r.failure}`),
      [],
    );
    assert.equal(results.length, manifest.operationCount);
  },
);
