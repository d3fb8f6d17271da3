import { readFileSync } from "node:fs";
import type { ConfiguredOptions } from "../options.js";
import { GitlabConfigError } from "./errors.js";
import { mergeLayers, withoutUndefined, type Layer } from "./layers.js";
import { configError, parseInteger, parseSslVerify, type ValueOrigin } from "./values.js";

/**
 * Options from environment variables.
 *
 * - `GITLAB_URL`; `GITLAB_PRIVATE_TOKEN` or `GITLAB_TOKEN` (the same private token under two
 *   names: set both only to the same value), or `GITLAB_OAUTH_TOKEN` (not together with a private
 *   token).
 * - python-gitlab CLI's `GITLAB_SSL_VERIFY` (boolean or CA bundle path), `GITLAB_TIMEOUT`
 *   (seconds), `GITLAB_API_VERSION`, `GITLAB_PER_PAGE`, `GITLAB_USER_AGENT`.
 * - In GitLab CI (`GITLAB_CI=true`, or both `CI_SERVER_URL` and `CI_JOB_TOKEN` set):
 *   `CI_SERVER_URL` when `GITLAB_URL` is not set, and `CI_JOB_TOKEN` as the job token when no
 *   GITLAB_* token is set and the url is the CI server's: a job token never goes to another host.
 *   Likewise, as glab does, the runner's `CI_SERVER_TLS_CA_FILE` (the CI server's CA) and
 *   `CI_SERVER_TLS_CERT_FILE` + `CI_SERVER_TLS_KEY_FILE` (a client certificate) become `tls`
 *   when the url is the CI server's and no other source set `tls` (GITLAB_SSL_VERIFY does).
 *
 * Empty variables count as unset. Explicit GITLAB_* variables always win over CI_* ones.
 *
 * @throws GitlabConfigError for conflicting tokens or an invalid value (naming the variable, never
 *   quoting a token).
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): ConfiguredOptions {
  return mergeLayers([gitlabEnvLayer(env), ciEnvLayer(env)]);
}

function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/** The GITLAB_* variables (python-gitlab CLI's names plus GITLAB_TOKEN). */
export function gitlabEnvLayer(env: NodeJS.ProcessEnv): Layer {
  const origin = (key: string): ValueOrigin => ({ key });
  const parsed = <T>(key: string, parse: (value: string) => T): T | undefined => {
    const value = variable(env, key);
    return value === undefined ? undefined : parse(value);
  };

  // Only "4" exists, so a valid value sets nothing; another is refused rather than ignored.
  parsed("GITLAB_API_VERSION", (v) => {
    if (v !== "4")
      throw configError(
        origin("GITLAB_API_VERSION"),
        `only "4" is supported, got ${JSON.stringify(v)}`,
      );
    return "4" as const;
  });
  const options: ConfiguredOptions = withoutUndefined({
    url: variable(env, "GITLAB_URL"),

    // Seconds, as python-gitlab's CLI and config files use them.
    timeout: parsed(
      "GITLAB_TIMEOUT",
      (v) => parseInteger(origin("GITLAB_TIMEOUT"), v, 1, 2_147_483) * 1000,
    ),
    perPage: parsed("GITLAB_PER_PAGE", (v) => parseInteger(origin("GITLAB_PER_PAGE"), v, 1, 100)),
    userAgent: variable(env, "GITLAB_USER_AGENT"),
    tls: parsed("GITLAB_SSL_VERIFY", (v) =>
      parseSslVerify(origin("GITLAB_SSL_VERIFY"), v, (path) => readFileSync(path, "utf8")),
    ),
  });

  const privateToken = variable(env, "GITLAB_PRIVATE_TOKEN");
  const genericToken = variable(env, "GITLAB_TOKEN");
  const oauthToken = variable(env, "GITLAB_OAUTH_TOKEN");
  if (privateToken !== undefined && genericToken !== undefined && privateToken !== genericToken) {
    throw new GitlabConfigError(
      "GITLAB_PRIVATE_TOKEN and GITLAB_TOKEN are both set, to different tokens; unset one of them",
      { key: "GITLAB_TOKEN" },
    );
  }
  const personal = privateToken ?? genericToken;
  if (personal !== undefined && oauthToken !== undefined) {
    const name = privateToken === undefined ? "GITLAB_TOKEN" : "GITLAB_PRIVATE_TOKEN";
    throw new GitlabConfigError(
      `${name} and GITLAB_OAUTH_TOKEN are both set; give only one token`,
      {
        key: "GITLAB_OAUTH_TOKEN",
      },
    );
  }
  if (personal !== undefined)
    return { options, auth: { key: "privateToken", token: () => personal } };
  if (oauthToken !== undefined)
    return { options, auth: { key: "oauthToken", token: () => oauthToken } };
  return { options };
}

/**
 * GitLab CI's predefined variables. They are kept apart from GITLAB_* because they are ambient:
 * resolveOptions ranks them below config files (as python-gitlab does), and the job token is
 * bound to CI_SERVER_URL.
 */
export function ciEnvLayer(env: NodeJS.ProcessEnv): Layer {
  const serverUrl = variable(env, "CI_SERVER_URL");
  const jobToken = variable(env, "CI_JOB_TOKEN");
  const inCi =
    variable(env, "GITLAB_CI") === "true" || (serverUrl !== undefined && jobToken !== undefined);
  // Without CI_SERVER_URL there is no way to know which host the job token belongs to.
  if (!inCi || serverUrl === undefined) return { options: {} };
  const tls = ciServerTls(env);
  return {
    options: { url: serverUrl },
    ...(jobToken === undefined ? {} : { auth: { key: "jobToken", token: () => jobToken } }),
    authOnlyFor: serverUrl,
    ...(tls && { boundOptions: { tls } }),
  };
}

/** The runner's TLS files for the CI server (set when its config has tls-ca-file, tls-cert-file, tls-key-file). */
function ciServerTls(env: NodeJS.ProcessEnv): ConfiguredOptions["tls"] {
  const read = (key: string): string | undefined => {
    const path = variable(env, key);
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      const code = error instanceof Error && "code" in error ? ` (${String(error.code)})` : "";
      throw configError({ key }, `cannot read ${JSON.stringify(path)}${code}`);
    }
  };
  const ca = read("CI_SERVER_TLS_CA_FILE");
  const cert = read("CI_SERVER_TLS_CERT_FILE");
  const key = read("CI_SERVER_TLS_KEY_FILE");
  if ((cert === undefined) !== (key === undefined)) {
    const [set, missing] =
      cert === undefined
        ? ["CI_SERVER_TLS_KEY_FILE", "CI_SERVER_TLS_CERT_FILE"]
        : ["CI_SERVER_TLS_CERT_FILE", "CI_SERVER_TLS_KEY_FILE"];
    throw configError({ key: missing }, `not set, but ${set} is: a client certificate needs both`);
  }
  if (ca === undefined && cert === undefined) return undefined;
  return { ...(ca !== undefined && { ca }), ...(cert !== undefined && { cert, key }) };
}
