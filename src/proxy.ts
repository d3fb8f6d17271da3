import { BlockList, isIP } from "node:net";
import { GitlabOptionError } from "./errors.js";

/**
 * Which proxy, if any, a request goes through: the `proxy` option, else the environment
 * (`https_proxy`/`HTTPS_PROXY` for https URLs, `http_proxy`/`HTTP_PROXY` for http, lower case
 * first, as curl and python-requests read them; `no_proxy`/`NO_PROXY` exempts hosts).
 */
export interface ProxyRules {
  /** The proxy for `url`, or undefined to connect directly. */
  proxyFor(url: URL): URL | undefined;
  /** Every proxy URL these rules can pick, for redaction of their credentials. */
  readonly proxies: readonly URL[];
}

/** `proxy` option: a URL for every request, `false` for none whatever the environment, undefined for the environment. */
export type ProxyOption = string | false | undefined;

export function resolveProxyRules(
  option: ProxyOption,
  env: Readonly<Record<string, string | undefined>>,
): ProxyRules {
  if (option === false) return { proxyFor: () => undefined, proxies: [] };
  if (option !== undefined) {
    if (typeof option !== "string") {
      throw new GitlabOptionError("proxy", "expected a proxy URL string or false");
    }
    const proxy = parseProxyUrl(option, "proxy");
    return { proxyFor: () => proxy, proxies: [proxy] };
  }
  const https = envProxy(env, "https_proxy");
  const http = envProxy(env, "http_proxy");
  const noProxy = parseNoProxy(variable(env, "no_proxy") ?? "");
  return {
    proxyFor(url) {
      const proxy = url.protocol === "https:" ? https : http;
      return proxy && !noProxy(url) ? proxy : undefined;
    },
    proxies: [https, http].filter((p): p is URL => p !== undefined),
  };
}

/** Lower case first, then upper case; empty counts as unset. */
function variable(env: Readonly<Record<string, string | undefined>>, name: string) {
  for (const key of [name, name.toUpperCase()]) {
    const value = env[key]?.trim();
    if (value) return value;
  }
  return undefined;
}

function envProxy(env: Readonly<Record<string, string | undefined>>, name: string) {
  const value = variable(env, name);
  if (value === undefined) return undefined;
  const which = env[name]?.trim() ? name : name.toUpperCase();
  // curl and requests take a bare host:port as an http:// proxy.
  return parseProxyUrl(/^[a-z][a-z\d+.-]*:\/\//i.test(value) ? value : `http://${value}`, which);
}

function parseProxyUrl(value: string, option: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value may hold a password: say what is wrong without quoting it.
    throw new GitlabOptionError(option, "not a valid proxy URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new GitlabOptionError(
      option,
      `${url.protocol.slice(0, -1)} proxies are not supported; expected an http:// or https:// proxy URL`,
    );
  }
  return url;
}

/** The proxy as it may be shown: scheme, host and port, never its credentials. */
export function showProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

/**
 * The spellings of a proxy's credentials that can reach text: the password as written in the URL
 * and decoded, `user:password`, and the Basic `Proxy-Authorization` value.
 */
export function proxySecrets(proxy: URL): string[] {
  if (!proxy.password) return [];
  const user = safeDecode(proxy.username);
  const password = safeDecode(proxy.password);
  const basic = Buffer.from(`${user}:${password}`).toString("base64");
  return [
    proxy.password,
    password,
    `${user}:${password}`,
    basic,
    `${proxy.username}:${proxy.password}`,
  ];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "https:": "443" };

/**
 * `NO_PROXY` as curl and python-requests read it: comma- or space-separated entries, case
 * insensitive; `*` alone exempts everything; a host name matches itself and its subdomains, a
 * leading `.` (or `*.`) is ignored (`.example.com` matches `example.com` and `a.example.com`, not
 * `badexample.com`); `host:port` matches that port only; IP addresses match exactly, CIDR ranges
 * (`10.0.0.0/8`, `fd00::/8`) by prefix; IPv6 may be bracketed (`[::1]:8080`).
 */
export function parseNoProxy(value: string): (url: URL) => boolean {
  const entries = value
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
  if (entries.includes("*")) return () => true;
  const rules = entries.map(parseEntry).filter((rule) => rule !== undefined);
  return (url) => {
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
    const port = url.port || DEFAULT_PORTS[url.protocol] || "";
    return rules.some((rule) => rule(host, port));
  };
}

type Rule = (host: string, port: string) => boolean;

function parseEntry(entry: string): Rule | undefined {
  const cidr = /^\[?([\da-f.:]+)\]?\/(\d{1,3})$/.exec(entry);
  if (cidr) {
    const [, address = "", bits = ""] = cidr;
    const family = isIP(address);
    if (family === 0) return undefined;
    const list = new BlockList();
    try {
      list.addSubnet(address, Number(bits), family === 6 ? "ipv6" : "ipv4");
    } catch {
      return undefined;
    }
    return (host) => isIP(host) !== 0 && list.check(host, isIP(host) === 6 ? "ipv6" : "ipv4");
  }
  const { host, port } = splitPort(entry);
  if (isIP(host) !== 0) return (h, p) => h === host && (port === undefined || p === port);
  const domain = host.replace(/^\*?\./, "");
  if (domain === "") return undefined;
  return (h, p) => (h === domain || h.endsWith(`.${domain}`)) && (port === undefined || p === port);
}

function splitPort(entry: string): { host: string; port: string | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1] ?? "", port: bracketed[2] };
  // A bare IPv6 address has colons but no port.
  if (isIP(entry) === 6) return { host: entry, port: undefined };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort
    ? { host: withPort[1] ?? "", port: withPort[2] }
    : { host: entry, port: undefined };
}
