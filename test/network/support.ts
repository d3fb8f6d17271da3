import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProxy } from "proxy";

/** A private CA, a server certificate for 127.0.0.1 it signed, and a client certificate it signed. */
export interface Pki {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  /** Encrypted with `passphrase`. */
  clientKey: string;
  passphrase: string;
  /** File paths, for what reads files (CI variables); `clientKey` here is not encrypted. */
  files: { ca: string; clientCert: string; clientKey: string };
  remove(): void;
}

/** Made with openssl at test time (EC keys: fast), so no key material is committed. */
export function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), "typed-gitlab-pki-"));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  const passphrase = "client-key-passphrase";
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
  openssl(
    "req",
    "-x509",
    ...ec,
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=typed-gitlab test CA",
    "-keyout",
    file("ca.key"),
    "-out",
    file("ca.pem"),
  );
  writeFileSync(file("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  openssl(
    "req",
    ...ec,
    "-nodes",
    "-subj",
    "/CN=127.0.0.1",
    "-keyout",
    file("server.key"),
    "-out",
    file("server.csr"),
  );
  openssl(
    "x509",
    "-req",
    "-in",
    file("server.csr"),
    "-CA",
    file("ca.pem"),
    "-CAkey",
    file("ca.key"),
    "-CAcreateserial",
    "-days",
    "1",
    "-extfile",
    file("server.ext"),
    "-out",
    file("server.pem"),
  );
  openssl(
    "req",
    ...ec,
    "-subj",
    "/CN=ci-bot",
    "-passout",
    `pass:${passphrase}`,
    "-keyout",
    file("client.key"),
    "-out",
    file("client.csr"),
  );
  openssl(
    "x509",
    "-req",
    "-in",
    file("client.csr"),
    "-CA",
    file("ca.pem"),
    "-CAkey",
    file("ca.key"),
    "-CAcreateserial",
    "-days",
    "1",
    "-out",
    file("client.pem"),
  );
  openssl(
    "pkey",
    "-in",
    file("client.key"),
    "-passin",
    `pass:${passphrase}`,
    "-out",
    file("client-plain.key"),
  );
  const read = (name: string) => readFileSync(file(name), "utf8");
  return {
    dir,
    ca: read("ca.pem"),
    serverCert: read("server.pem"),
    serverKey: read("server.key"),
    clientCert: read("client.pem"),
    clientKey: read("client.key"),
    passphrase,
    files: {
      ca: file("ca.pem"),
      clientCert: file("client.pem"),
      clientKey: file("client-plain.key"),
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface RecordingProxy {
  /** `http://127.0.0.1:<port>`, no credentials. */
  url: string;
  port: number;
  /** Every byte clients sent the proxy, as text: what the proxy (and its logs) could see. */
  seen(): string;
  /** Request lines the proxy received: `GET http://…` (forwarded) or `CONNECT host:port`. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * TooTallNate's `proxy` (a maintained forwarding proxy with CONNECT) on 127.0.0.1, recording what
 * reaches it. With `credentials`, it demands Basic proxy authentication and refuses others with 407.
 */
export async function startProxy(credentials?: {
  user: string;
  password: string;
}): Promise<RecordingProxy> {
  const server = createProxy(createServer());
  const chunks: Buffer[] = [];
  const requests: string[] = [];
  server.on("connection", (socket) => socket.on("data", (chunk: Buffer) => chunks.push(chunk)));
  server.on("request", (req: IncomingMessage) => requests.push(`${req.method} ${req.url}`));
  server.on("connect", (req: IncomingMessage) => requests.push(`CONNECT ${req.url}`));
  if (credentials) {
    const expected = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString("base64")}`;
    server.authenticate = (req) => req.headers["proxy-authorization"] === expected;
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen: () => Buffer.concat(chunks).toString("latin1"),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
