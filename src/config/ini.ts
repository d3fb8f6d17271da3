import { GitlabConfigError } from "./errors.js";

/**
 * A small reader for INI files as Python's `configparser.ConfigParser()` reads them with its
 * defaults, because python-gitlab users keep their existing `.python-gitlab.cfg` files:
 *
 * - `[section]` headers; section names are case-sensitive, `[DEFAULT]` holds fallbacks that every
 *   section sees;
 * - `key = value` and `key: value` (the first `=` or `:` splits); keys are lower-cased; values are
 *   trimmed and there are no inline comments (`a = b # c` has the value `b # c`, as in Python);
 * - whole-line comments start with `#` or `;` after optional indentation;
 * - a line indented deeper than its key continues the value (joined with `\n`); blank lines inside
 *   a value are kept, trailing ones dropped;
 * - `%(key)s` interpolation and `%%` escapes, resolved when a value is read (`getValue`).
 *
 * It is stricter than Python in one place: text after a section header's `]` must be a comment.
 * Errors carry file and line but never the offending line's text, which could be a pasted token.
 */

/** One value with where it was defined, so later errors can point at file and line. */
export interface IniEntry {
  /** Raw value, continuation lines joined, not yet interpolated. */
  readonly value: string;
  readonly file: string;
  readonly line: number;
}

export type IniSection = Map<string, IniEntry>;

/** Several files read into one document: later files add sections and override keys. */
export interface IniDocument {
  readonly defaults: IniSection;
  readonly sections: Map<string, IniSection>;
}

export const DEFAULT_SECTION = "DEFAULT";

// configparser limits recursive interpolation to 10 levels.
const MAX_INTERPOLATION_DEPTH = 10;

export function emptyIniDocument(): IniDocument {
  return { defaults: new Map(), sections: new Map() };
}

/** Value being collected; continuation lines are appended until the next key or header. */
interface PendingValue {
  section: IniSection;
  key: string;
  lines: string[];
  line: number;
}

/**
 * Parses `text` (the contents of `file`) into `doc`, like `ConfigParser.read` does for each file:
 * a section repeated in another file is merged, a key repeated in another file is overridden, but
 * a section or key repeated inside one file is an error (Python's `strict=True`).
 */
export function parseIni(
  text: string,
  file: string,
  doc: IniDocument = emptyIniDocument(),
): IniDocument {
  // Python reads with universal newlines; a UTF-8 BOM is tolerated here (Python would reject it).
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const seenSections = new Set<string>();
  const seenKeys = new Set<string>();
  let section: IniSection | undefined;
  let sectionName = "";
  let pending: PendingValue | undefined;
  let indentLevel = 0;

  const flush = (): void => {
    if (pending === undefined) return;
    // configparser joins with newlines, then strips trailing whitespace (dropping trailing blanks).
    const value = pending.lines.join("\n").trimEnd();
    pending.section.set(pending.key, { value, file, line: pending.line });
    pending = undefined;
  };

  const malformed = (lineNo: number, what: string): GitlabConfigError =>
    new GitlabConfigError(`${file}:${lineNo}: ${what}`, { file, line: lineNo });

  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    const stripped = raw.trim();
    const isComment = stripped.startsWith("#") || stripped.startsWith(";");
    if (stripped === "" || isComment) {
      // A blank line inside a value is part of it; a comment line is skipped without ending it.
      if (!isComment && pending !== undefined) pending.lines.push("");
      continue;
    }
    const indent = raw.search(/\S/);
    if (pending !== undefined && indent > indentLevel) {
      pending.lines.push(stripped);
      continue;
    }
    flush();
    indentLevel = indent;

    if (stripped.startsWith("[")) {
      // Greedy like Python's `\[(?P<header>.+)\]`: the header ends at the last `]`.
      const close = stripped.lastIndexOf("]");
      const name = close > 1 ? stripped.slice(1, close) : "";
      const rest = stripped.slice(close + 1).trim();
      if (name === "") throw malformed(lineNo, "malformed section header, expected [name]");
      if (rest !== "" && !rest.startsWith("#") && !rest.startsWith(";")) {
        throw malformed(lineNo, "unexpected text after the section header");
      }
      if (name === DEFAULT_SECTION) {
        section = doc.defaults;
      } else {
        if (seenSections.has(name))
          throw malformed(lineNo, `section [${name}] appears twice in this file`);
        seenSections.add(name);
        section = doc.sections.get(name) ?? new Map<string, IniEntry>();
        doc.sections.set(name, section);
      }
      sectionName = name;
      continue;
    }

    if (section === undefined)
      throw malformed(lineNo, "a key appears before the first [section] header");
    const delimiter = stripped.search(/[=:]/);
    if (delimiter < 0)
      throw malformed(
        lineNo,
        "malformed line, expected 'key = value', 'key: value' or '[section]'",
      );
    const key = stripped.slice(0, delimiter).trimEnd().toLowerCase();
    if (key === "") throw malformed(lineNo, "missing key before '=' or ':'");
    const seenKey = `${sectionName}\u0000${key}`;
    if (seenKeys.has(seenKey))
      throw malformed(lineNo, `key "${key}" appears twice in section [${sectionName}]`);
    seenKeys.add(seenKey);
    pending = { section, key, lines: [stripped.slice(delimiter + 1).trim()], line: lineNo };
  }
  flush();
  return doc;
}

export function hasSection(doc: IniDocument, name: string): boolean {
  return doc.sections.has(name);
}

/** The raw entry for `key` in `section`, falling back to `[DEFAULT]` like configparser. */
export function getEntry(doc: IniDocument, section: string, key: string): IniEntry | undefined {
  if (section === DEFAULT_SECTION) return doc.defaults.get(key);
  const own = doc.sections.get(section);
  // Like configparser, a section that does not exist has no values, not even the defaults.
  if (own === undefined) return undefined;
  return own.get(key) ?? doc.defaults.get(key);
}

/**
 * The interpolated value of `key` in `section`, or undefined when absent. `isSecret` keys get
 * errors that do not quote the value.
 */
export function getValue(
  doc: IniDocument,
  section: string,
  key: string,
  isSecret: (key: string) => boolean,
): string | undefined {
  const entry = getEntry(doc, section, key);
  if (entry === undefined) return undefined;
  return interpolate(doc, section, key, entry, entry.value, 1, isSecret);
}

// BasicInterpolation: `%%` is a literal `%`, `%(name)s` is another key of the same section (or of
// [DEFAULT]), any other `%` is an error. Only values that are read are checked, as in Python.
function interpolate(
  doc: IniDocument,
  section: string,
  key: string,
  entry: IniEntry,
  text: string,
  depth: number,
  isSecret: (key: string) => boolean,
): string {
  const where = { file: entry.file, line: entry.line, section, key };
  const at = `${entry.file}:${entry.line}: [${section}] ${key}`;
  if (depth > MAX_INTERPOLATION_DEPTH) {
    throw new GitlabConfigError(`${at}: %(…)s references nest too deeply (a loop?)`, where);
  }
  let out = "";
  let rest = text;
  while (rest !== "") {
    const percent = rest.indexOf("%");
    if (percent < 0) return out + rest;
    out += rest.slice(0, percent);
    rest = rest.slice(percent);
    if (rest.startsWith("%%")) {
      out += "%";
      rest = rest.slice(2);
      continue;
    }
    const ref = /^%\(([^)]+)\)s/.exec(rest);
    if (ref === null || ref[1] === undefined) {
      // Quote the text only for the key's own, non-secret value: a referenced one may be a token.
      const shown = depth === 1 && !isSecret(key) ? ` in ${JSON.stringify(text)}` : "";
      throw new GitlabConfigError(
        `${at}: '%' must be followed by '%' or '(name)s'${shown}; write '%%' for a literal '%'`,
        where,
      );
    }
    const name = ref[1].toLowerCase();
    rest = rest.slice(ref[0].length);
    const target = getEntry(doc, section, name);
    if (target === undefined) {
      throw new GitlabConfigError(
        `${at}: %(${name})s refers to a key that is not set in [${section}]`,
        where,
      );
    }
    out += target.value.includes("%")
      ? interpolate(doc, section, key, entry, target.value, depth + 1, isSecret)
      : target.value;
  }
  return out;
}
