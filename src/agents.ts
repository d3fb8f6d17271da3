import http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import type { ConnectionOptions } from "node:tls";
import type { AgentConnectOpts } from "agent-base";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";
import { proxySecrets, showProxy, type ProxyRules } from "./proxy.js";

/** TLS options for GitLab's side of the connection: direct, or inside a proxy's CONNECT tunnel. */
export type TargetTls = Pick<
  ConnectionOptions,
  "ca" | "cert" | "key" | "passphrase" | "rejectUnauthorized"
>;

/**
 * Why a proxy did not carry a request. Thrown from an agent's connect(), so it reaches the caller
 * as the `cause` of the HTTP client's error; `proxyFailureOf` reads it back as plain data.
 */
class ProxyFailure extends Error {
  constructor(
    readonly proxy: string,
    readonly responseCode: number | undefined,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function unreachable(proxy: URL, error: unknown): ProxyFailure {
  const code = (error as { code?: unknown }).code;
  return new ProxyFailure(
    showProxy(proxy),
    undefined,
    typeof code === "string" ? code : "EPROXY",
    `cannot be reached: ${(error as Error).message}`,
  );
}

function credentialsAsked(status: string): string {
  return `asked for credentials (${status}): none were given, or they were refused; the proxy URL carries them, http://user:password@host:port`;
}

/**
 * HTTPS through a proxy: CONNECT, then TLS to GitLab inside the tunnel with the client's TLS
 * options (CA, client certificate). The options given to the agent itself only concern the
 * connection to an https:// proxy, so they are left at Node's defaults.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
  readonly #targetTls: TargetTls;

  constructor(proxy: URL, targetTls: TargetTls) {
    super(proxy, { keepAlive: true });
    this.#targetTls = targetTls;
  }

  override async connect(req: http.ClientRequest, opts: AgentConnectOpts): Promise<Socket> {
    let answer: { statusCode: number; statusText: string } | undefined;
    req.once("proxyConnect", (connect: { statusCode: number; statusText: string }) => {
      answer = connect;
    });
    let socket: Socket;
    try {
      socket = await super.connect(req, { ...opts, ...this.#targetTls });
    } catch (error) {
      throw unreachable(this.proxy, error);
    }
    if (answer !== undefined && answer.statusCode !== 200) {
      // The agent hands back a fake socket replaying the proxy's answer as if GitLab had sent it;
      // the request (and its token) was never sent, and the answer is the proxy's, not GitLab's.
      socket.destroy();
      const status = `${answer.statusCode} ${answer.statusText}`.trim();
      throw new ProxyFailure(
        showProxy(this.proxy),
        answer.statusCode,
        "EPROXYREFUSED",
        answer.statusCode === 407
          ? credentialsAsked(status)
          : `refused the tunnel to ${opts.host}:${opts.port} (${status})`,
      );
    }
    return socket;
  }
}

/** Plain HTTP through a proxy: the request goes to the proxy with an absolute URL. */
class ForwardAgent extends HttpProxyAgent<string> {
  constructor(proxy: URL) {
    super(proxy, { keepAlive: true });
  }

  override async connect(
    req: Parameters<HttpProxyAgent<string>["connect"]>[0],
    opts: AgentConnectOpts,
  ): Promise<Socket> {
    try {
      return await super.connect(req, opts);
    } catch (error) {
      throw unreachable(this.proxy, error);
    }
  }
}

/** The agents a client connects with: one pool direct, one per proxy, chosen per request URL. */
export class ConnectionAgents {
  readonly #rules: ProxyRules;
  readonly #tls: TargetTls;
  readonly #http = new http.Agent({ keepAlive: true });
  readonly #https: https.Agent;
  readonly #viaProxy = new Map<string, http.Agent>();

  constructor(rules: ProxyRules, tls: TargetTls) {
    this.#rules = rules;
    this.#tls = tls;
    this.#https = new https.Agent({ keepAlive: true, ...tls });
  }

  /** Proxy credentials, in every spelling that can reach text: the client's redactor scrubs them. */
  get secrets(): string[] {
    return this.#rules.proxies.flatMap(proxySecrets);
  }

  /** For the HTTP client's config: it uses httpAgent for http: URLs and httpsAgent for https:. */
  for(url: string): { httpAgent: http.Agent; httpsAgent: http.Agent } {
    const agent = this.#agentFor(new URL(url));
    return { httpAgent: agent, httpsAgent: agent };
  }

  /**
   * A 407 that came back over plain HTTP through a forwarding proxy is the proxy's answer (GitLab
   * never sends 407), so it is the proxy that is named.
   */
  forwardRefusal(url: string, status: number, statusText: string): ProxyRefusal | undefined {
    const agent = this.#agentFor(new URL(url));
    if (status !== 407 || !(agent instanceof ForwardAgent)) return undefined;
    return {
      proxy: showProxy(agent.proxy),
      code: "EPROXYREFUSED",
      responseCode: 407,
      reason: credentialsAsked(`407 ${statusText}`.trim()),
    };
  }

  #agentFor(url: URL): http.Agent {
    const secure = url.protocol === "https:";
    const proxy = this.#rules.proxyFor(url);
    if (proxy === undefined) return secure ? this.#https : this.#http;
    const key = `${url.protocol} ${proxy.href}`;
    let agent = this.#viaProxy.get(key);
    if (agent === undefined) {
      agent = secure ? new TunnelAgent(proxy, this.#tls) : new ForwardAgent(proxy);
      this.#viaProxy.set(key, agent);
    }
    return agent;
  }
}

/** What a proxy did to an attempt: plain data, for the error mapping to name it. */
export interface ProxyRefusal {
  /** The proxy's URL without its credentials. */
  readonly proxy: string;
  readonly code: string;
  /** The proxy's status (407, 403…) when it answered; undefined when it could not be reached. */
  readonly responseCode: number | undefined;
  readonly reason: string;
}

/** The proxy's part in a failed attempt (unreachable, a refused CONNECT), from the error's cause. */
export function proxyFailureOf(error: { cause?: unknown }): ProxyRefusal | undefined {
  const failure = error.cause;
  if (!(failure instanceof ProxyFailure)) return undefined;
  const { proxy, code, responseCode, message } = failure;
  return { proxy, code, responseCode, reason: message };
}

const UNTRUSTED = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
]);

/** What a TLS failure means for the client's options, to add to the error's message (or ""). */
export function tlsHint(code: string): string {
  if (code === "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED") {
    return "; the server requires a client certificate: give it in tls.cert and tls.key";
  }
  if (code === "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA" || code === "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE") {
    return "; the server does not accept the client certificate in tls.cert";
  }
  if (UNTRUSTED.has(code)) {
    return "; GitLab's certificate is not signed by a CA this client trusts: give your CA in tls.ca (in GitLab CI, fromEnv reads CI_SERVER_TLS_CA_FILE)";
  }
  return "";
}
