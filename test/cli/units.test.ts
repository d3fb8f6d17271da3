import assert from "node:assert/strict";
import { Readable, Writable } from "node:stream";
import { describe, it } from "node:test";
import { Command } from "commander";
import { parseHeaders } from "../../src/cli/commands/api.js";
import { parseRateLimit } from "../../src/cli/commands/simulator.js";
import { addConnectionOptions, connectionFlags, parseTimeout } from "../../src/cli/connection.js";
import { ExitCode, exitCodeFor, UsageError } from "../../src/cli/exit-codes.js";
import { buildFields, typedValue } from "../../src/cli/fields.js";
import type { Output } from "../../src/cli/io.js";
import { formatJson } from "../../src/cli/output.js";
import { Progress } from "../../src/cli/progress.js";
import { initialSecrets, Secrets } from "../../src/cli/secrets.js";
import {
  GitlabConfigError,
  GitlabConnectionError,
  GitlabHttpError,
  GitlabParsingError,
  GitlabTimeoutError,
} from "../../src/index.js";

/** A stream that keeps what is written, optionally claiming to be a terminal. */
function sink(isTTY: boolean): Output & { text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return Object.assign(stream, { isTTY, text: () => text });
}

describe("fields (-f, -F)", () => {
  it("types -F values: booleans, null, plain decimal numbers; leaves the rest as strings", () => {
    assert.deepEqual(
      ["true", "false", "null", "42", "-1.5", "007", "1e3", "0x10", "12abc", ""].map(typedValue),
      [true, false, null, 42, -1.5, "007", "1e3", "0x10", "12abc", ""],
    );
  });

  it("builds arrays and nested objects from Rails-style keys, in command-line order", async () => {
    const fields = await buildFields(
      [
        { arg: "labels[]=a", typed: false },
        { arg: "labels[]=2", typed: true },
        { arg: "a[b][c]=x", typed: false },
        { arg: "a[d]=true", typed: true },
        { arg: "items[][id]=1", typed: true },
        { arg: "items[][id]=2", typed: true },
        { arg: "eq=x=y", typed: false },
      ],
      Readable.from([]),
    );
    assert.deepEqual(fields.values, {
      labels: ["a", 2],
      a: { b: { c: "x" }, d: true },
      items: [{ id: 1 }, { id: 2 }],
      eq: "x=y",
    });
  });

  it("reads @- from standard input once, and rejects malformed fields", async () => {
    const fields = await buildFields([{ arg: "file=@-", typed: true }], Readable.from(["hi"]));
    assert.deepEqual(fields.files.file, { content: Buffer.from("hi"), filename: "stdin" });
    for (const args of [
      [{ arg: "novalue", typed: false }],
      [{ arg: "=x", typed: false }],
      [{ arg: "a]b=x", typed: false }],
      [{ arg: "f[x]=@-", typed: true }],
      [
        { arg: "a=@-", typed: true },
        { arg: "b=@-", typed: true },
      ],
    ]) {
      await assert.rejects(
        buildFields(args, Readable.from(["x"])),
        UsageError,
        JSON.stringify(args),
      );
    }
  });
});

describe("headers (-H)", () => {
  it("parses Name: value and masks credential headers", () => {
    const secrets = new Secrets();
    assert.deepEqual(
      parseHeaders(["X-A: 1", "Authorization: Bearer abc123", "B:two: parts"], secrets),
      { "X-A": "1", Authorization: "Bearer abc123", B: "two: parts" },
    );
    assert.equal(secrets.mask("sent Bearer abc123 and abc123"), "sent [REDACTED] and [REDACTED]");
    assert.throws(
      () => parseHeaders(["PRIVATE-TOKEN glpat-x"], secrets),
      (error: Error) => {
        assert.ok(!error.message.includes("glpat-x"));
        return error instanceof UsageError;
      },
    );
  });
});

describe("secrets", () => {
  it("collects tokens from flags and the environment before parsing", () => {
    const secrets = initialSecrets(["--token", "tok-flag", "--oauth-token=tok-oauth", "api"], {
      GITLAB_TOKEN: "tok-env",
      CI_JOB_TOKEN: " tok-ci ",
    });
    assert.equal(
      secrets.mask("tok-flag tok-oauth tok-env tok-ci"),
      "[REDACTED] [REDACTED] [REDACTED] [REDACTED]",
    );
  });

  it("masks the escaped and encoded spellings a server echo can carry", () => {
    const secrets = new Secrets();
    secrets.add('tok"en/with&odd');
    const echoed = `{"message":"${JSON.stringify('tok"en/with&odd').slice(1, -1)}"} ?t=${encodeURIComponent('tok"en/with&odd')}`;
    assert.equal(secrets.mask(echoed), '{"message":"[REDACTED]"} ?t=[REDACTED]');
  });
});

describe("connection flags", () => {
  it("parses --timeout as seconds, fractions allowed", () => {
    assert.equal(parseTimeout("2.5"), 2.5);
    for (const bad of ["0", "-1", "soon", "", "Infinity"])
      assert.throws(() => parseTimeout(bad), UsageError);
  });

  it("lets a flag given after the command win, and never lets a default override a given flag", () => {
    const program = addConnectionOptions(new Command("p").exitOverride()).enablePositionalOptions();
    let flags = {};
    const sub = addConnectionOptions(new Command("api").exitOverride()).action(
      (_o, cmd: Command) => {
        flags = connectionFlags(cmd);
      },
    );
    program.addCommand(sub);
    program.parse(["--url", "A", "--no-obey-rate-limit", "--timeout", "3", "api", "--url", "B"], {
      from: "user",
    });
    assert.deepEqual(flags, { url: "B", obeyRateLimit: false, timeout: 3 });
  });
});

describe("exit codes", () => {
  it("maps each kind of error to its code", () => {
    const http = new GitlabHttpError({
      method: "GET",
      url: "u",
      responseCode: 404,
      errorMessage: "x",
      responseBody: "",
    });
    assert.equal(exitCodeFor(new UsageError("x")), ExitCode.usage);
    assert.equal(exitCodeFor(new GitlabConfigError("x")), ExitCode.usage);
    assert.equal(exitCodeFor(http), ExitCode.http);
    assert.equal(
      exitCodeFor(new GitlabConnectionError("GET", "u", "ECONNRESET", "x")),
      ExitCode.network,
    );
    assert.equal(exitCodeFor(new GitlabTimeoutError("GET", "u", 1)), ExitCode.network);
    assert.equal(exitCodeFor(new GitlabParsingError("GET", "u", "x")), ExitCode.failure);
    assert.equal(exitCodeFor(new Error("bug")), ExitCode.failure);
  });
});

describe("output", () => {
  it("indents JSON for a terminal and writes one line otherwise", () => {
    assert.equal(formatJson({ a: [1] }, sink(true)), '{\n  "a": [\n    1\n  ]\n}\n');
    assert.equal(formatJson({ a: [1] }, sink(false)), '{"a":[1]}\n');
  });
});

describe("progress", () => {
  it("draws on a terminal only after the delay, throttled, and erases itself", () => {
    let now = 0;
    const tty = sink(true);
    const progress = new Progress(tty, { delayMs: 1000, intervalMs: 100, now: () => now });
    progress.update({ items: 10, page: 1, totalPages: 5 });
    assert.equal(tty.text(), "", "nothing for short listings");
    now = 1000;
    progress.update({ items: 20, page: 2, totalPages: 5 });
    now = 1050;
    progress.update({ items: 30, page: 3, totalPages: 5 });
    now = 1100;
    progress.update({ items: 40, page: 4 });
    progress.done();
    assert.equal(tty.text(), "\r\x1b[2K20 items, page 2/5…\r\x1b[2K40 items, page 4…\r\x1b[2K");
  });

  it("stays silent when stderr is not a terminal", () => {
    const pipe = sink(false);
    const progress = new Progress(pipe, { delayMs: 0, now: () => 5000 });
    progress.update({ items: 1 });
    progress.done();
    assert.equal(pipe.text(), "");
  });
});

describe("simulator flags", () => {
  it("parses --rate-limit N/window", () => {
    assert.deepEqual(parseRateLimit("600/60s"), { limit: 600, windowMs: 60_000 });
    assert.deepEqual(parseRateLimit("10/s"), { limit: 10, windowMs: 1000 });
    assert.deepEqual(parseRateLimit("5/500ms"), { limit: 5, windowMs: 500 });
    assert.deepEqual(parseRateLimit("100/2"), { limit: 100, windowMs: 2000 });
    assert.deepEqual(parseRateLimit("100/1m"), { limit: 100, windowMs: 60_000 });
    for (const bad of ["lots", "0/1s", "10", "10/0s", "10/1d"])
      assert.throws(() => parseRateLimit(bad), UsageError, bad);
  });
});
