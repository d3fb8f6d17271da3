// A GitLab CI job on a self-managed GitLab with a private CA (and a runner with a client
// certificate): fromEnv and the CLI work from the runner's variables alone, with no code.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Gitlab, GitlabConnectionError, optionsFromEnv } from "../../src/index.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { runCli } from "../cli/support.js";
import { makePki, type Pki } from "./support.js";

const JOB_TOKEN = "simulator-job-token";

let pki: Pki;
let sim: Simulator;
let mtls: Simulator;

before(async () => {
  pki = makePki();
  sim = await startSimulator({ tls: { cert: pki.serverCert, key: pki.serverKey } });
  mtls = await startSimulator({
    tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca, requestCert: true },
  });
});
after(async () => {
  await Promise.all([sim.close(), mtls.close()]);
  pki.remove();
});

const ciEnv = (server: Simulator, extra: Record<string, string> = {}) => ({
  GITLAB_CI: "true",
  CI_SERVER_URL: server.url,
  CI_JOB_TOKEN: JOB_TOKEN,
  ...extra,
});

const version = async (gl: Gitlab) =>
  ((await gl.httpGet("/version")) as { version: string }).version;

describe("GitLab CI's TLS variables", () => {
  it("CI_SERVER_TLS_CA_FILE makes a private CA trusted; without it the job fails saying what to do", async () => {
    const withCa = Gitlab.fromEnv({}, ciEnv(sim, { CI_SERVER_TLS_CA_FILE: pki.files.ca }));
    assert.match(await version(withCa), /^\d+\.\d+/);
    assert.equal(sim.requests.at(-1)?.headers["job-token"], JOB_TOKEN);

    await assert.rejects(Gitlab.fromEnv({}, ciEnv(sim)).httpGet("/version"), (error: unknown) => {
      assert.ok(error instanceof GitlabConnectionError);
      assert.match(error.message, /CI_SERVER_TLS_CA_FILE/);
      return true;
    });
  });

  it("CI_SERVER_TLS_CERT_FILE and CI_SERVER_TLS_KEY_FILE give the runner's client certificate", async () => {
    const env = ciEnv(mtls, {
      CI_SERVER_TLS_CA_FILE: pki.files.ca,
      CI_SERVER_TLS_CERT_FILE: pki.files.clientCert,
      CI_SERVER_TLS_KEY_FILE: pki.files.clientKey,
    });
    assert.match(await version(Gitlab.fromEnv({}, env)), /^\d+\.\d+/);
  });

  it("the CI server's TLS files only hold for the CI server, and a bad one names its variable", () => {
    const env = ciEnv(sim, { CI_SERVER_TLS_CA_FILE: pki.files.ca });
    assert.equal(optionsFromEnv({ ...env, GITLAB_URL: "https://gitlab.com" }).tls, undefined);
    assert.equal(optionsFromEnv({ ...env, GITLAB_URL: sim.url }).tls?.ca, pki.ca);
    assert.deepEqual(optionsFromEnv({ ...env, GITLAB_SSL_VERIFY: "false" }).tls, {
      rejectUnauthorized: false,
    });
    assert.throws(
      () => optionsFromEnv(ciEnv(sim, { CI_SERVER_TLS_CA_FILE: `${pki.dir}/missing.pem` })),
      /CI_SERVER_TLS_CA_FILE: cannot read ".*missing\.pem" \(ENOENT\)/,
    );
    assert.throws(
      () => optionsFromEnv(ciEnv(sim, { CI_SERVER_TLS_CERT_FILE: pki.files.clientCert })),
      /CI_SERVER_TLS_KEY_FILE: not set, but CI_SERVER_TLS_CERT_FILE is/,
    );
  });

  it("the CLI follows the same rules", async () => {
    const result = await runCli(["api", "version"], {
      env: ciEnv(sim, { CI_SERVER_TLS_CA_FILE: pki.files.ca }),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /"version"/);
  });
});
