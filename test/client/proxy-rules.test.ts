// The pure rules of src/proxy.ts: which proxy the environment or the option picks for a URL.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GitlabOptionError } from "../../src/index.js";
import { parseNoProxy, proxySecrets, resolveProxyRules, showProxy } from "../../src/proxy.js";

const pick = (env: Record<string, string>, url: string, option?: string | false) =>
  resolveProxyRules(option, env).proxyFor(new URL(url))?.href;

describe("proxy rules", () => {
  it("https URLs take https_proxy, http URLs http_proxy; lower case wins; empty is unset", () => {
    const env = {
      HTTPS_PROXY: "http://upper:3128",
      https_proxy: "http://lower:3128",
      HTTP_PROXY: "http://plain:8080",
    };
    assert.equal(pick(env, "https://gitlab.example.com"), "http://lower:3128/");
    assert.equal(pick(env, "http://gitlab.example.com"), "http://plain:8080/");
    assert.equal(
      pick({ https_proxy: " ", HTTPS_PROXY: "http://upper:3128" }, "https://g.example"),
      "http://upper:3128/",
    );
    assert.equal(pick({ HTTP_PROXY: "http://plain:8080" }, "https://g.example"), undefined);
    assert.equal(
      pick({ HTTPS_PROXY: "proxy.corp:3128" }, "https://g.example"),
      "http://proxy.corp:3128/",
    );
  });

  it("the proxy option wins over the environment; false ignores it", () => {
    const env = { HTTPS_PROXY: "http://env:3128", NO_PROXY: "*" };
    assert.equal(pick(env, "https://g.example", "http://option:3128"), "http://option:3128/");
    assert.equal(pick(env, "https://g.example", false), undefined);
  });

  it("NO_PROXY follows curl and python-requests", () => {
    const cases: Array<[string, string, boolean]> = [
      ["*", "https://anything.example", true],
      ["example.com", "https://example.com", true],
      ["example.com", "https://git.example.com", true],
      ["example.com", "https://badexample.com", false],
      [".example.com", "https://example.com", true],
      [".example.com", "https://a.b.example.com", true],
      ["*.example.com", "https://a.example.com", true],
      ["EXAMPLE.com", "https://Git.Example.COM", true],
      ["example.com:8443", "https://example.com:8443", true],
      ["example.com:8443", "https://example.com", false],
      ["example.com:443", "https://example.com", true],
      ["10.1.2.3", "http://10.1.2.3:8080", true],
      ["10.1.2.3", "http://10.1.2.4", false],
      ["10.0.0.0/8", "http://10.200.3.4", true],
      ["10.0.0.0/8", "http://11.0.0.1", false],
      ["::1", "http://[::1]:8080", true],
      ["[::1]:8080", "http://[::1]:8080", true],
      ["[::1]:8080", "http://[::1]:9090", false],
      ["fd00::/8", "https://[fd12::1]", true],
      ["localhost, other.example  , .corp", "https://git.corp", true],
      ["", "https://example.com", false],
    ];
    for (const [noProxy, url, bypassed] of cases) {
      assert.equal(parseNoProxy(noProxy)(new URL(url)), bypassed, `NO_PROXY=${noProxy} for ${url}`);
    }
    const env = { https_proxy: "http://p:3128", no_proxy: "internal.corp" };
    assert.equal(pick(env, "https://git.internal.corp"), undefined);
    assert.equal(pick(env, "https://gitlab.com"), "http://p:3128/");
  });

  it("bad proxy URLs are GitlabOptionErrors naming the option or variable, never quoting the URL", () => {
    const cases: Array<[() => unknown, string]> = [
      [() => resolveProxyRules("http://user:hunter2@[bad", {}), "proxy"],
      [() => resolveProxyRules("socks5://user:hunter2@h:1080", {}), "proxy"],
      [() => resolveProxyRules(42 as unknown as string, {}), "proxy"],
      [
        () => resolveProxyRules(undefined, { HTTPS_PROXY: "socks5://user:hunter2@h:1080" }),
        "HTTPS_PROXY",
      ],
      [
        () => resolveProxyRules(undefined, { http_proxy: "http://user:hunter2@[bad" }),
        "http_proxy",
      ],
    ];
    for (const [resolve, option] of cases) {
      assert.throws(resolve, (error: unknown) => {
        assert.ok(error instanceof GitlabOptionError);
        assert.equal(error.option, option);
        assert.ok(!error.message.includes("hunter2"));
        return true;
      });
    }
  });

  it("a proxy is shown without credentials; its secrets are every spelling of the password", () => {
    const proxy = new URL("http://al%40ice:p%3Ass@proxy.corp:3128");
    assert.equal(showProxy(proxy), "http://proxy.corp:3128");
    const secrets = proxySecrets(proxy);
    for (const form of [
      "p%3Ass",
      "p:ss",
      "al@ice:p:ss",
      Buffer.from("al@ice:p:ss").toString("base64"),
    ]) {
      assert.ok(secrets.includes(form), form);
    }
    assert.deepEqual(proxySecrets(new URL("http://proxy.corp:3128")), []);
  });
});
