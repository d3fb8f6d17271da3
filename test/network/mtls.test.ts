// Client certificates against an HTTPS simulator that requires one, directly and through a proxy.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Gitlab, GitlabConnectionError, GitlabOptionError } from "../../src/index.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { ADMIN_TOKEN, recordingLogger } from "../helpers/simulator.js";
import { makePki, startProxy, type Pki, type RecordingProxy } from "./support.js";

let pki: Pki;
let sim: Simulator;
let proxy: RecordingProxy;

before(async () => {
  pki = makePki();
  sim = await startSimulator({
    tls: {
      cert: pki.serverCert,
      key: pki.serverKey,
      ca: pki.ca,
      requestCert: true,
      rejectUnauthorized: true,
    },
  });
  proxy = await startProxy();
});
after(async () => {
  await Promise.all([sim.close(), proxy.close()]);
  pki.remove();
});

const connect = (tls: NonNullable<ConstructorParameters<typeof Gitlab>[0]>["tls"], extra = {}) =>
  new Gitlab({ url: sim.url, privateToken: ADMIN_TOKEN, logger: recordingLogger(), tls, ...extra });

const username = async (gl: Gitlab) =>
  ((await gl.httpGet("/user")) as { username: string }).username;

describe("client certificates (mTLS)", () => {
  it("without a certificate the server refuses the connection: a GitlabConnectionError that says why", async () => {
    await assert.rejects(connect({ ca: pki.ca }).httpGet("/user"), (error: unknown) => {
      assert.ok(error instanceof GitlabConnectionError, String(error));
      assert.match(error.message, /client certificate/);
      assert.match(error.message, /tls\.cert and tls\.key/);
      return true;
    });
    assert.equal(sim.requests.length, 0, "no request got through");
  });

  it("with tls.cert, tls.key and tls.passphrase it is accepted", async () => {
    const tls = {
      ca: pki.ca,
      cert: pki.clientCert,
      key: pki.clientKey,
      passphrase: pki.passphrase,
    };
    assert.equal(await username(connect(tls)), "root");
  });

  it("the certificate goes to GitLab inside a proxy's tunnel, not to the proxy", async () => {
    const tls = {
      ca: pki.ca,
      cert: pki.clientCert,
      key: pki.clientKey,
      passphrase: pki.passphrase,
    };
    assert.equal(await username(connect(tls, { proxy: proxy.url })), "root");
    assert.ok(proxy.requests.some((line) => line.startsWith("CONNECT 127.0.0.1:")));
  });

  it("a wrong or missing passphrase, or a key that is not the certificate's, fails at construction naming the option", () => {
    const base = { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey };
    const cases: Array<[object, string, RegExp]> = [
      [{ ...base, passphrase: "not-it" }, "tls.passphrase", /wrong passphrase/],
      [base, "tls.passphrase", /tls\.key is encrypted; give its passphrase/],
      [{ ...base, key: pki.serverKey }, "tls.key", /is not the private key of tls\.cert/],
      [{ ca: pki.ca, cert: pki.clientCert }, "tls.key", /needs both tls\.cert and tls\.key/],
      [{ ...base, passphrase: 42 }, "tls.passphrase", /expected a string/],
    ];
    for (const [tls, option, message] of cases) {
      assert.throws(
        () => connect(tls),
        (error: unknown) => {
          assert.ok(error instanceof GitlabOptionError, String(error));
          assert.equal(error.option, option);
          assert.match(error.message, message);
          assert.ok(!error.message.includes(pki.passphrase));
          return true;
        },
      );
    }
  });
});
