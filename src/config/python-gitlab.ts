import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { ConfiguredOptions } from "../options.js";
import { GitlabConfigError } from "./errors.js";
import { DEFAULT_HELPER_TIMEOUT_MS, isHelperValue, runHelper } from "./helper.js";
import {
  emptyIniDocument,
  getEntry,
  getValue,
  hasSection,
  parseIni,
  type IniDocument,
} from "./ini.js";
import type { AuthKey, Layer } from "./layers.js";
import { mergeLayers } from "./layers.js";
import {
  configError,
  isSecretKey,
  parseBoolean,
  parseInteger,
  parseSslVerify,
  TOKEN_KEYS,
  type TlsOption,
  type TokenKey,
  type ValueOrigin,
} from "./values.js";

/** Knobs for reading python-gitlab files; the defaults suit real use, tests override them. */
export interface ConfigContext {
  /** Source of PYTHON_GITLAB_CFG, HOME (for `~`) and `$VAR` in helper commands. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Longest a token helper may run. Default 60 000 ms. */
  helperTimeoutMs?: number;
}

const GLOBAL = "global";

// python-gitlab reads its default files without a timeout key as 60 s; the client has no default.
const PYTHON_GITLAB_DEFAULT_TIMEOUT_S = 60;

// Far above any sensible timeout, low enough that the value in milliseconds stays a safe integer.
const MAX_TIMEOUT_S = 2_147_483;

/**
 * Reads python-gitlab configuration files into `ConfiguredOptions`, like python-gitlab's
 * `Gitlab.from_config(name, files)`.
 *
 * Files: `files` when given (each must exist), else the file named by `PYTHON_GITLAB_CFG` (must
 * exist), else every existing one of `/etc/python-gitlab.cfg` and `~/.python-gitlab.cfg`. All files
 * are read into one configuration, later files overriding earlier ones key by key.
 *
 * The instance is the section `name`, or else the one named by `default` in `[global]`. Settings
 * in the instance section override `[global]`; tokens are only read from the instance section.
 * `timeout` is in seconds in the file and in milliseconds in the result, and defaults to 60 s as
 * in python-gitlab. A token written as `helper: command args` is the output of that command.
 *
 * @throws GitlabConfigError when no file exists, a file is malformed, the section or its url is
 *   missing, a value is invalid, or a token helper fails. Messages never contain a token.
 */
export function optionsFromConfig(
  name?: string,
  files?: string[],
  context: ConfigContext = {},
): ConfiguredOptions {
  return mergeLayers([configLayer({ name, files, context, optional: false })]);
}

export interface ConfigLayerRequest {
  name: string | undefined;
  files: string[] | undefined;
  context: ConfigContext;
  /**
   * For resolveOptions: when nothing asked for a config file (no name, no files, no
   * PYTHON_GITLAB_CFG), a missing default file or one without a `[global]` default is not an error
   * but "no configuration".
   */
  optional: boolean;
}

/** The config files as a layer whose token (and helper) is only produced when it is used. */
export function configLayer(request: ConfigLayerRequest & { optional: false }): Layer;
export function configLayer(request: ConfigLayerRequest): Layer | undefined;
export function configLayer(request: ConfigLayerRequest): Layer | undefined {
  const env = request.context.env ?? process.env;
  const home = env.HOME !== undefined && env.HOME !== "" ? env.HOME : homedir();
  const located = locateFiles(request.files, env, home);
  const implicit = request.name === undefined && !located.explicit;
  if (located.files.length === 0) {
    if (implicit && request.optional) return undefined;
    const named = request.name === undefined ? "" : ` for [${request.name}]`;
    throw new GitlabConfigError(
      `no python-gitlab config file found${named}; looked for ${located.searched.join(", ")}`,
    );
  }

  const doc = emptyIniDocument();
  for (const file of located.files) parseIni(readConfigFile(file), file, doc);
  const fileList = located.files.join(", ");

  let section = request.name;
  if (section === undefined) {
    const entry = getValue(doc, GLOBAL, "default", isSecretKey);
    if (entry === undefined || entry === "") {
      if (implicit && request.optional) return undefined;
      throw new GitlabConfigError(
        `no instance named and no "default" key in the [${GLOBAL}] section of ${fileList}`,
        { section: GLOBAL, key: "default" },
      );
    }
    section = entry;
  }
  if (!hasSection(doc, section)) {
    const why = request.name === undefined ? ` (the [${GLOBAL}] default)` : "";
    throw new GitlabConfigError(`section [${section}]${why} not found in ${fileList}`, { section });
  }
  return instanceLayer(
    doc,
    section,
    env,
    home,
    request.context.helperTimeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS,
  );
}

interface LocatedFiles {
  files: string[];
  searched: string[];
  /** The files were asked for (argument or PYTHON_GITLAB_CFG) rather than found by default. */
  explicit: boolean;
}

function locateFiles(
  files: string[] | undefined,
  env: NodeJS.ProcessEnv,
  home: string,
): LocatedFiles {
  // Like python-gitlab, an empty list means "not given".
  if (files !== undefined && files.length > 0) {
    for (const file of files) requireFile(file, "config file");
    return { files, searched: files, explicit: true };
  }
  const fromEnv = env.PYTHON_GITLAB_CFG;
  if (fromEnv !== undefined && fromEnv !== "") {
    requireFile(fromEnv, "PYTHON_GITLAB_CFG names");
    return { files: [fromEnv], searched: [fromEnv], explicit: true };
  }
  // python-gitlab's order: system file first, so the user's file overrides it key by key.
  const defaults = ["/etc/python-gitlab.cfg", join(home, ".python-gitlab.cfg")];
  return { files: defaults.filter(isFile), searched: defaults, explicit: false };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function requireFile(path: string, what: string): void {
  if (!isFile(path)) {
    throw new GitlabConfigError(`${what} ${path}, which does not exist or is not a file`, {
      file: path,
    });
  }
}

function readConfigFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = error instanceof Error && "code" in error ? ` (${String(error.code)})` : "";
    throw new GitlabConfigError(`cannot read config file ${file}${code}`, { file });
  }
}

const AUTH_KEY_OF: Record<TokenKey, AuthKey> = {
  private_token: "privateToken",
  oauth_token: "oauthToken",
  job_token: "jobToken",
};

function instanceLayer(
  doc: IniDocument,
  section: string,
  env: NodeJS.ProcessEnv,
  home: string,
  helperTimeoutMs: number,
): Layer {
  const origin = (sectionName: string, key: string): ValueOrigin => {
    const entry = getEntry(doc, sectionName, key);
    return { file: entry?.file, line: entry?.line, section: sectionName, key };
  };
  const read = (sectionName: string, key: string): string | undefined =>
    getValue(doc, sectionName, key, isSecretKey);
  // A setting from [global], overridden by the instance section; both are validated, as in
  // python-gitlab, so a bad global value is reported even when the instance overrides it.
  const setting = <T>(
    key: string,
    parse: (origin: ValueOrigin, value: string) => T,
  ): T | undefined => {
    let result: T | undefined;
    for (const sectionName of [GLOBAL, section]) {
      const value = read(sectionName, key);
      if (value !== undefined) result = parse(origin(sectionName, key), value);
    }
    return result;
  };

  const url = read(section, "url");
  if (url === undefined || url === "") {
    throw new GitlabConfigError(`section [${section}] has no url (${describeFiles(doc)})`, {
      section,
      key: "url",
    });
  }

  // The CA bundle is read only for the winning value: a global path overridden by the instance
  // does not have to exist.
  const sslVerify = setting("ssl_verify", (o, v) => ({ origin: o, value: v }));
  const tls: TlsOption =
    sslVerify === undefined
      ? undefined
      : parseSslVerify(sslVerify.origin, sslVerify.value, (path) => readFileSync(path, "utf8"));

  const timeout = setting("timeout", (o, v) => parseInteger(o, v, 1, MAX_TIMEOUT_S));
  const perPage = setting("per_page", (o, v) => parseInteger(o, v, 1, 100));
  // Only "4" exists, so a valid value sets nothing; another is refused rather than ignored.
  setting("api_version", (o, v) => {
    if (v !== "4")
      throw configError(o, `only API version "4" is supported, got ${JSON.stringify(v)}`);
    return "4" as const;
  });
  const retryTransientErrors = setting("retry_transient_errors", parseBoolean);
  const keepBaseUrl = setting("keep_base_url", parseBoolean);
  const userAgent = setting("user_agent", (_o, v) => (v === "" ? undefined : v));

  const options: ConfiguredOptions = {
    url,
    timeout: (timeout ?? PYTHON_GITLAB_DEFAULT_TIMEOUT_S) * 1000,
    ...(perPage === undefined ? {} : { perPage }),
    ...(retryTransientErrors === undefined ? {} : { retryTransientErrors }),
    ...(keepBaseUrl === undefined ? {} : { keepBaseUrl }),
    ...(userAgent === undefined ? {} : { userAgent }),
    ...(tls === undefined ? {} : { tls }),
  };

  // Tokens come from the instance section only (and [DEFAULT], which every section inherits).
  // An empty value means no token, as python-gitlab treats it.
  const tokens = TOKEN_KEYS.map((key) => ({ key, value: read(section, key) })).filter(
    (t): t is { key: TokenKey; value: string } => t.value !== undefined && t.value !== "",
  );
  if (tokens.length > 1) {
    // python-gitlab refuses this too ("Only one of private_token, oauth_token or job_token …").
    throw new GitlabConfigError(
      `section [${section}] sets ${tokens.map((t) => t.key).join(" and ")}; set only one token (${describeFiles(doc)})`,
      { section },
    );
  }
  const token = tokens[0];
  if (token === undefined) return { options };
  const tokenOrigin = origin(section, token.key);
  const helperContext = { env, home, timeoutMs: helperTimeoutMs };
  return {
    options,
    auth: {
      key: AUTH_KEY_OF[token.key],
      token: () =>
        isHelperValue(token.value)
          ? runHelper(tokenOrigin, token.value, helperContext)
          : token.value,
    },
  };
}

function describeFiles(doc: IniDocument): string {
  const files = new Set<string>();
  for (const entries of [doc.defaults, ...doc.sections.values()]) {
    for (const entry of entries.values()) files.add(entry.file);
  }
  return files.size === 0 ? "no values" : `read from ${[...files].join(", ")}`;
}
