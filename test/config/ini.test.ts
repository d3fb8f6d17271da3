import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getValue, parseIni, type IniDocument } from "../../src/config/ini.js";
import { isSecretKey } from "../../src/config/values.js";
import { expectConfigError, SECRET } from "./support.js";

const parse = (text: string, doc?: IniDocument) => parseIni(text, "test.cfg", doc);
const get = (doc: IniDocument, section: string, key: string) =>
  getValue(doc, section, key, isSecretKey);

describe("INI reader (configparser semantics)", () => {
  it("reads sections, both delimiters, lower-cases keys and keeps section case", () => {
    const doc = parse("[Sec]\nKey = a = b\nOther: c:d\nspaced  =   value  \n");
    assert.equal(get(doc, "Sec", "key"), "a = b");
    assert.equal(get(doc, "Sec", "other"), "c:d");
    assert.equal(get(doc, "Sec", "spaced"), "value");
    assert.equal(get(doc, "sec", "key"), undefined);
  });

  it("treats an indented key line as a continuation, as Python does", () => {
    const doc = parse("[s]\nk = v\n  other = w\n");
    assert.equal(get(doc, "s", "k"), "v\nother = w");
    assert.equal(get(doc, "s", "other"), undefined);
  });

  it("splits at the first '=' or ':' whichever comes first", () => {
    const doc = parse("[s]\nurl: https://x.example:8080/a=b\n");
    assert.equal(get(doc, "s", "url"), "https://x.example:8080/a=b");
  });

  it("skips # and ; comment lines but has no inline comments", () => {
    const doc = parse("# c\n; c\n[s]\n  # indented comment\nk = v # not a comment\nempty =\n");
    assert.equal(get(doc, "s", "k"), "v # not a comment");
    assert.equal(get(doc, "s", "empty"), "");
  });

  it("joins continuation lines, keeps inner blank lines, drops comments and trailing blanks", () => {
    const doc = parse("[s]\nk = one\n  two\n\n  # c\n\tthree\n\n\nnext = x\n");
    assert.equal(get(doc, "s", "k"), "one\ntwo\n\nthree");
    assert.equal(get(doc, "s", "next"), "x");
  });

  it("continues relative to the key's own indentation", () => {
    const doc = parse("[s]\n  k = one\n  other = two\n    more\n");
    assert.equal(get(doc, "s", "k"), "one");
    assert.equal(get(doc, "s", "other"), "two\nmore");
  });

  it("handles CRLF, CR and a BOM", () => {
    const doc = parse("\uFEFF[s]\r\nk = v\r\n  w\rj = x");
    assert.equal(get(doc, "s", "k"), "v\nw");
    assert.equal(get(doc, "s", "j"), "x");
  });

  it("gives every section the [DEFAULT] values, which the section can override", () => {
    const doc = parse("[DEFAULT]\nk = d\nz = zz\n[s]\nk = s\n[t]\n");
    assert.equal(get(doc, "s", "k"), "s");
    assert.equal(get(doc, "t", "k"), "d");
    assert.equal(get(doc, "t", "z"), "zz");
    assert.equal(get(doc, "missing", "k"), undefined, "a missing section has no defaults either");
  });

  it("accepts a comment after a section header", () => {
    const doc = parse("[s] ; the s instance\nk = v\n");
    assert.equal(get(doc, "s", "k"), "v");
  });

  it("merges files: sections merge, later keys override", () => {
    const doc = parse("[s]\na = 1\nb = 1\n");
    parseIni("[s]\nb = 2\n[t]\nc = 3\n", "second.cfg", doc);
    assert.equal(get(doc, "s", "a"), "1");
    assert.equal(get(doc, "s", "b"), "2");
    assert.equal(get(doc, "t", "c"), "3");
  });

  it("interpolates %(key)s from the section and [DEFAULT], and %% as a literal %", () => {
    const doc = parse(
      "[DEFAULT]\nhost = h.example\n[s]\nscheme = https\nurl = %(scheme)s://%(HOST)s/%%20\nnested = %(url)s/x\n",
    );
    assert.equal(get(doc, "s", "url"), "https://h.example/%20");
    assert.equal(get(doc, "s", "nested"), "https://h.example/%20/x");
  });

  it("reports interpolation errors with file, line, section and key", () => {
    const doc = parse("[s]\n\nbad = 100%\nmissing = %(nope)s\nloop = %(loop)s\n");
    expectConfigError(
      () => get(doc, "s", "bad"),
      /^test\.cfg:3: \[s\] bad: '%' must be followed/,
      /"100%"/,
    );
    expectConfigError(
      () => get(doc, "s", "missing"),
      /test\.cfg:4: .*%\(nope\)s refers to a key that is not set/,
    );
    expectConfigError(() => get(doc, "s", "loop"), /nest too deeply/);
  });

  it("never quotes a token key's value in an interpolation error", () => {
    const doc = parse(`[s]\nprivate_token = ${SECRET}%\nurl = %(private_token)s\n`);
    const error = expectConfigError(
      () => get(doc, "s", "private_token"),
      /private_token: '%' must be followed/,
    );
    assert.equal(error.key, "private_token");
    expectConfigError(() => get(doc, "s", "url"), /url: '%' must be followed/);
  });

  const malformed: [string, string, RegExp][] = [
    [
      "key before section",
      "k = v\n[s]\n",
      /^test\.cfg:1: a key appears before the first \[section\]/,
    ],
    ["line without delimiter", `[s]\nk = v\n${SECRET}\n`, /^test\.cfg:3: malformed line/],
    ["empty key", "[s]\n = v\n", /^test\.cfg:2: missing key/],
    ["empty header", "[s]\n[]\n", /^test\.cfg:2: malformed section header/],
    [
      "text after header",
      "[s] trailing\n",
      /^test\.cfg:1: unexpected text after the section header/,
    ],
    ["duplicate section", "[s]\n[t]\n[s]\n", /^test\.cfg:3: section \[s\] appears twice/],
    [
      "duplicate key",
      "[s]\nK = 1\nk = 2\n",
      /^test\.cfg:3: key "k" appears twice in section \[s\]/,
    ],
  ];
  for (const [name, text, pattern] of malformed) {
    it(`rejects a file with a ${name}, naming file and line but not the line's text`, () => {
      const error = expectConfigError(() => parse(text), pattern);
      assert.equal(error.file, "test.cfg");
      assert.equal(typeof error.line, "number");
    });
  }
});
