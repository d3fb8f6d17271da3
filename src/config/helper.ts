import { spawnSync } from "node:child_process";
import { configError, type ValueOrigin } from "./values.js";

/**
 * python-gitlab's token helpers: a token value `helper: <command> [args…]` is replaced by the
 * command's standard output, stripped. As in python-gitlab the command line is split like a POSIX
 * shell would (shlex), then `$VAR`/`${VAR}` and a leading `~` are expanded in each word, and the
 * program runs without a shell.
 *
 * Deliberate differences: the run has a timeout; the helper's stderr goes straight to ours
 * (python-gitlab captures it into the exception message) so that nothing a helper prints can end
 * up in an error message or a log; an empty output is an error instead of silently meaning
 * "no token"; `~user` is not expanded (Node has no portable password-database lookup).
 */

const HELPER_PREFIX = "helper:";

/** Default time a helper may take; a password manager may be waiting for a passphrase. */
export const DEFAULT_HELPER_TIMEOUT_MS = 60_000;

export function isHelperValue(value: string): boolean {
  return value.trim().toLowerCase().startsWith(HELPER_PREFIX);
}

export interface HelperContext {
  env: NodeJS.ProcessEnv;
  home: string;
  timeoutMs: number;
}

/** Runs the helper named by `value` and returns its trimmed output, the token. */
export function runHelper(origin: ValueOrigin, value: string, context: HelperContext): string {
  const commandLine = value.trim().slice(HELPER_PREFIX.length);
  let words: string[];
  try {
    words = shellSplit(commandLine).map((word) =>
      expandUser(expandVars(word, context.env), context.home),
    );
  } catch (error) {
    const why = error instanceof Error ? error.message : "cannot split the command line";
    throw configError(origin, `bad token helper command line: ${why}`);
  }
  const [program, ...args] = words;
  if (program === undefined)
    throw configError(origin, "token helper has no command after 'helper:'");
  // Only the program is named in errors: arguments could be anything, including a secret.
  const failed = (why: string) =>
    configError(origin, `token helper ${JSON.stringify(program)} ${why}`);

  const result = spawnSync(program, args, {
    env: context.env,
    stdio: ["inherit", "pipe", "inherit"],
    timeout: context.timeoutMs,
    killSignal: "SIGKILL",
    maxBuffer: 1024 * 1024,
    windowsHide: true,
  });
  if (result.error !== undefined) {
    const code = "code" in result.error ? String(result.error.code) : "";
    if (code === "ETIMEDOUT") throw failed(`did not finish within ${context.timeoutMs} ms`);
    if (code === "ENOENT") throw failed("was not found");
    if (code === "EACCES") throw failed("is not executable");
    if (code === "ENOBUFS") throw failed("printed more than 1 MiB");
    throw failed(`could not be run${code === "" ? "" : ` (${code})`}`);
  }
  if (result.signal !== null) throw failed(`was killed by ${result.signal}`);
  if (result.status !== 0) throw failed(`exited with status ${String(result.status)}`);
  const token = result.stdout.toString("utf8").trim();
  if (token === "") throw failed("printed nothing");
  return token;
}

/**
 * Splits like Python's `shlex.split` (POSIX mode, no comments): whitespace separates words, single
 * quotes are literal, double quotes allow `\"` and `\\`, a backslash outside quotes escapes any
 * character.
 */
export function shellSplit(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === "\\" && (text[i + 1] === '"' || text[i + 1] === "\\"))
        word += text.charAt(++i);
      else word += c;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      inWord = true;
      if (c === "'" || c === '"') quote = c;
      else if (c === "\\") {
        if (i + 1 >= text.length) throw new Error("no escaped character");
        word += text.charAt(++i);
      } else word += c;
    }
  }
  if (quote !== undefined) throw new Error("no closing quotation");
  if (inWord) words.push(word);
  return words;
}

/** `os.path.expandvars`: `$NAME` and `${NAME}`; unknown variables are left as written. */
export function expandVars(word: string, env: NodeJS.ProcessEnv): string {
  return word.replace(/\$(\w+|\{[^}]*\})/g, (match: string, name: string) => {
    const value = env[name.startsWith("{") ? name.slice(1, -1) : name];
    return value === undefined ? match : value;
  });
}

/** `os.path.expanduser` for `~` and `~/…` only. */
export function expandUser(word: string, home: string): string {
  if (word === "~") return home;
  if (word.startsWith("~/")) return home.replace(/\/+$/, "") + word.slice(1);
  return word;
}
