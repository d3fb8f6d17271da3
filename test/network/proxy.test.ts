// Proxies, for real: TooTallNate's `proxy` on 127.0.0.1 between the client and the simulator (HTTP,
// and HTTPS with a private CA through CONNECT), recording every byte it is sent.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { inspect } from "node:util";
import { after, before, describe, it } from "node:test";
import {
  Gitlab,
  GitlabConnectionError,
  GitlabOptionError,
  GitlabProxyError,
} from "../../src/index.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { ADMIN_TOKEN, recordingLogger } from "../helpers/simulator.js";
import { closedPort, makePki, startProxy, type Pki, type RecordingProxy } from "./support.js";

const PROXY_USER = "alice";
const PROXY_PASSWORD = "pr0xy-s3cret";
const basic = (user: string, password: string) =>
  Buffer.from(`${user}:${password}`).toString("base64");
const withCredentials = (proxy: RecordingProxy, user: string, password: string) =>
  `http://${user}:${password}@127.0.0.1:${proxy.port}`;

let pki: Pki;
let http: Simulator;
let https: Simulator;
let open: RecordingProxy;
let guarded: RecordingProxy;

before(async () => {
  pki = makePki();
  http = await startSimulator();
  https = await startSimulator({ tls: { cert: pki.serverCert, key: pki.serverKey } });
  open = await startProxy();
  guarded = await startProxy({ user: PROXY_USER, password: PROXY_PASSWORD });
});
after(async () => {
  await Promise.all([http.close(), https.close(), open.close(), guarded.close()]);
  pki.remove();
});

function gitlab(sim: Simulator, options: ConstructorParameters<typeof Gitlab>[0] = {}) {
  const logger = recordingLogger();
  const gl = new Gitlab({ url: sim.url, privateToken: ADMIN_TOKEN, logger, ...options });
  return { gl, logger };
}

const username = async (gl: Gitlab) =>
  ((await gl.httpGet("/user")) as { username: string }).username;

describe("through a forwarding proxy", () => {
  it("plain HTTP goes to the proxy with the absolute URL", async () => {
    const before = open.requests.length;
    const { gl } = gitlab(http, { proxy: open.url });
    assert.equal(await username(gl), "root");
    assert.deepEqual(open.requests.slice(before), [`GET ${http.url}/api/v4/user`]);
    // Over plain HTTP the proxy sees everything, the token included: the reason to use HTTPS.
    assert.ok(open.seen().includes(ADMIN_TOKEN));
  });

  it("HTTPS goes through a CONNECT tunnel; the private CA is checked inside it; the token stays inside", async () => {
    const before = open.requests.length;
    const from = open.seen().length;
    const { gl } = gitlab(https, { proxy: open.url, tls: { ca: pki.ca } });
    assert.equal(await username(gl), "root");
    const port = new URL(https.url).port;
    assert.deepEqual(open.requests.slice(before), [`CONNECT 127.0.0.1:${port}`]);
    assert.equal(https.requests.at(-1)?.headers["private-token"], ADMIN_TOKEN);
    const seen = open.seen().slice(from);
    assert.match(seen, /^CONNECT 127\.0\.0\.1:\d+ HTTP\/1\.1\r\n/);
    assert.ok(!seen.includes(ADMIN_TOKEN), "the token never reaches the proxy in clear");
    assert.ok(!seen.includes("/api/v4/user"), "nor does the path");
  });

  it("without the CA, GitLab's certificate is refused inside the tunnel (tls options reach GitLab's side)", async () => {
    const { gl } = gitlab(https, { proxy: open.url });
    await assert.rejects(gl.httpGet("/user"), (error: unknown) => {
      assert.ok(error instanceof GitlabConnectionError, String(error));
      assert.match(error.code, /UNABLE_TO_VERIFY|SELF_SIGNED|CERT/);
      return true;
    });
    const insecure = gitlab(https, { proxy: open.url, tls: { rejectUnauthorized: false } });
    assert.equal(await username(insecure.gl), "root");
    assert.equal(insecure.logger.warnings.length, 1);
  });

  it("proxy credentials in the URL are accepted, for HTTP and for HTTPS", async () => {
    const proxy = withCredentials(guarded, PROXY_USER, PROXY_PASSWORD);
    assert.equal(await username(gitlab(http, { proxy }).gl), "root");
    assert.equal(await username(gitlab(https, { proxy, tls: { ca: pki.ca } }).gl), "root");
    assert.ok(
      guarded.seen().includes(`Proxy-Authorization: Basic ${basic(PROXY_USER, PROXY_PASSWORD)}`),
    );
  });

  for (const [scheme, target] of [
    ["HTTP", () => http],
    ["HTTPS (CONNECT)", () => https],
  ] as const) {
    it(`${scheme}: a 407 is a GitlabProxyError naming the proxy, never its password`, async () => {
      const wrong = "wr0ng-pa55word";
      const proxy = withCredentials(guarded, PROXY_USER, wrong);
      const { gl, logger } = gitlab(target(), {
        proxy,
        tls: { ca: pki.ca },
        retryTransientErrors: true,
      });
      const before = guarded.requests.length;
      const error = await gl.httpGet("/user").then(
        () => assert.fail("expected a 407"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof GitlabProxyError, String(error));
      assert.equal(error.responseCode, 407);
      assert.equal(error.proxy, guarded.url);
      assert.match(
        error.message,
        new RegExp(`the proxy ${guarded.url} asked for credentials \\(407`),
      );
      assert.equal(guarded.requests.length - before, 1, "a refusal is not retried");
      const everything = [
        error.message,
        error.stack ?? "",
        JSON.stringify(error),
        inspect(error, { depth: 10 }),
        inspect(gl, { depth: 5 }),
        ...logger.debugs,
        ...logger.warnings,
      ].join("\n");
      for (const secret of [wrong, basic(PROXY_USER, wrong), `${PROXY_USER}:${wrong}`]) {
        assert.ok(!everything.includes(secret), `${secret} leaked`);
      }
    });
  }

  it("an unreachable proxy is a GitlabProxyError naming it, with the socket's code", async () => {
    const port = await closedPort();
    const { gl } = gitlab(https, {
      proxy: `http://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:${port}`,
    });
    await assert.rejects(gl.httpGet("/user"), (error: unknown) => {
      assert.ok(error instanceof GitlabProxyError, String(error));
      assert.equal(error.code, "ECONNREFUSED");
      assert.equal(error.proxy, `http://127.0.0.1:${port}`);
      assert.match(error.message, /the proxy http:\/\/127\.0\.0\.1:\d+ cannot be reached/);
      assert.ok(!inspect(error).includes(PROXY_PASSWORD));
      return true;
    });
  });

  it("a proxy that answers CONNECT with an HTML page is named, with its status", async (t) => {
    // Stand-in for a corporate proxy's block page: only the answer matters here.
    const blocking: Server = createServer();
    blocking.on("connect", (_req, socket: Socket) => {
      socket.end(
        "HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\nContent-Length: 47\r\n\r\n<html><title>Blocked by policy</title></html>\n",
      );
    });
    await new Promise<void>((resolve) => blocking.listen(0, "127.0.0.1", resolve));
    t.after(() => new Promise<void>((resolve) => blocking.close(() => resolve())));
    const proxy = `http://127.0.0.1:${(blocking.address() as AddressInfo).port}`;
    await assert.rejects(
      gitlab(https, { proxy, tls: { ca: pki.ca } }).gl.httpGet("/user"),
      (error: unknown) => {
        assert.ok(error instanceof GitlabProxyError, String(error));
        assert.equal(error.responseCode, 403);
        assert.match(
          error.message,
          /the proxy http:\/\/127\.0\.0\.1:\d+ refused the tunnel to 127\.0\.0\.1:\d+ \(403 Forbidden\)/,
        );
        return true;
      },
    );
  });

  it("a proxy URL that is not http(s) is a GitlabOptionError that does not quote it", () => {
    assert.throws(
      () =>
        new Gitlab({
          url: http.url,
          proxy: `socks5://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:1080`,
        }),
      (error: unknown) =>
        error instanceof GitlabOptionError &&
        /socks5 proxies are not supported/.test(error.message) &&
        !error.message.includes(PROXY_PASSWORD),
    );
  });
});

describe("proxies from the environment", () => {
  const saved = { ...process.env };
  const setEnv = (vars: Record<string, string>) => {
    for (const key of Object.keys(process.env)) if (/_proxy$/i.test(key)) delete process.env[key];
    Object.assign(process.env, vars);
  };
  after(() => {
    for (const key of Object.keys(process.env)) if (/_proxy$/i.test(key)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it("HTTP_PROXY and HTTPS_PROXY are used, NO_PROXY bypasses them, proxy: false ignores them", async () => {
    setEnv({ HTTP_PROXY: open.url, https_proxy: open.url });
    const through = open.requests.length;
    assert.equal(await username(gitlab(http).gl), "root");
    assert.equal(await username(gitlab(https, { tls: { ca: pki.ca } }).gl), "root");
    assert.equal(open.requests.length - through, 2);

    const ignored = open.requests.length;
    assert.equal(await username(gitlab(http, { proxy: false }).gl), "root");
    assert.equal(open.requests.length, ignored);

    for (const noProxy of [
      "127.0.0.1",
      `localhost, 127.0.0.1:${new URL(http.url).port}`,
      "*",
      "127.0.0.0/8",
    ]) {
      setEnv({ HTTP_PROXY: open.url, no_proxy: noProxy });
      const bypassed = open.requests.length;
      assert.equal(await username(gitlab(http).gl), "root", noProxy);
      assert.equal(open.requests.length, bypassed, `NO_PROXY=${noProxy} bypasses the proxy`);
    }
    setEnv({ HTTP_PROXY: open.url, NO_PROXY: "127.0.0.1:1" });
    const otherPort = open.requests.length;
    assert.equal(await username(gitlab(http).gl), "root");
    assert.equal(open.requests.length - otherPort, 1, "an entry for another port does not bypass");
  });

  it("fromEnv follows the same rules, and redacts the environment's proxy password", async () => {
    setEnv({ HTTPS_PROXY: withCredentials(guarded, PROXY_USER, "env-wr0ng") });
    const logger = recordingLogger();
    const gl = Gitlab.fromEnv(
      { logger, tls: { ca: pki.ca } },
      { GITLAB_URL: https.url, GITLAB_TOKEN: ADMIN_TOKEN },
    );
    await assert.rejects(gl.httpGet("/user"), (error: unknown) => {
      assert.ok(error instanceof GitlabProxyError);
      assert.ok(!inspect(error).includes("env-wr0ng"));
      return true;
    });
    setEnv({ HTTPS_PROXY: withCredentials(guarded, PROXY_USER, PROXY_PASSWORD) });
    const ok = Gitlab.fromEnv(
      { tls: { ca: pki.ca } },
      { GITLAB_URL: https.url, GITLAB_TOKEN: ADMIN_TOKEN },
    );
    assert.equal(await username(ok), "root");
  });
});
