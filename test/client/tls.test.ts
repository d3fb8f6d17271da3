import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Gitlab, GitlabConnectionError } from "../../src/index.js";
import { recordingLogger } from "../helpers/simulator.js";

// A self-managed GitLab with a private CA: a throwaway self-signed certificate for 127.0.0.1.
describe("TLS options", () => {
  let server: Server;
  let url = "";
  let cert: Buffer;

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), "typed-gitlab-tls-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    cert = readFileSync(join(dir, "cert.pem"));
    const key = readFileSync(join(dir, "key.pem"));
    rmSync(dir, { recursive: true });
    server = createServer({ cert, key }, (_req, res) => {
      res.setHeader("Content-Type", "application/json");
      res.end('{"version":"19.5.0"}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("refuses a certificate no trusted CA signed", async () => {
    await assert.rejects(new Gitlab({ url }).httpGet("/version"), (error: unknown) => {
      assert.ok(error instanceof GitlabConnectionError);
      assert.match(error.code, /SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
      return true;
    });
  });

  it("trusts a custom CA given in tls.ca", async () => {
    const version = (await new Gitlab({ url, tls: { ca: cert } }).httpGet("/version")) as {
      version: string;
    };
    assert.equal(version.version, "19.5.0");
  });

  it("connects with verification off, and warns", async () => {
    const logger = recordingLogger();
    const gl = new Gitlab({ url, tls: { rejectUnauthorized: false }, logger });
    assert.deepEqual(await gl.httpGet("/version"), { version: "19.5.0" });
    assert.equal(logger.warnings.length, 1);
  });
});
