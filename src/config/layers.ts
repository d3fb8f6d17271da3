import type { ConfiguredOptions } from "../options.js";
import { GitlabConfigError } from "./errors.js";

/** The three ways to authenticate; a client gets at most one. */
export const AUTH_KEYS = ["privateToken", "oauthToken", "jobToken"] as const;
export type AuthKey = (typeof AUTH_KEYS)[number];

/** A token that is only produced when it is used, so a token helper never runs needlessly. */
export interface Auth {
  key: AuthKey;
  token: () => string;
}

/** Options from one source (flags, environment, a config file, the CI environment). */
export interface Layer {
  /** Everything except the tokens. */
  options: ConfiguredOptions;
  auth?: Auth;
  /**
   * The auth is only used when the merged url is this one: CI_JOB_TOKEN belongs to CI_SERVER_URL
   * and must not be sent to another host that GITLAB_URL or a config file picked.
   */
  authOnlyFor?: string;
  /**
   * Options that, like the auth, only hold for `authOnlyFor`: CI_SERVER_TLS_CA_FILE is the CI
   * server's CA, which would make any other host's certificate fail (a CA option replaces the
   * bundled ones). Used for keys no other layer set.
   */
  boundOptions?: ConfiguredOptions;
}

/**
 * Turns options holding tokens (e.g. CLI flags) into a layer; `source` names them in the error
 * raised when more than one token is set, which never quotes a token.
 */
export function layerFromOptions(options: ConfiguredOptions, source: string): Layer {
  const { privateToken, oauthToken, jobToken, ...rest } = options;
  const tokens: Partial<Record<AuthKey, string>> = { privateToken, oauthToken, jobToken };
  const set = AUTH_KEYS.filter((key) => tokens[key] !== undefined && tokens[key] !== "");
  if (set.length > 1) {
    throw new GitlabConfigError(
      `${source}: ${set.join(" and ")} are both set; give only one token`,
    );
  }
  const key = set[0];
  const value = key === undefined ? undefined : tokens[key];
  return {
    options: withoutUndefined(rest),
    ...(key !== undefined && value !== undefined ? { auth: { key, token: () => value } } : {}),
  };
}

/**
 * Each option comes from the first layer that sets it. Auth is taken as a unit from the first
 * layer that has a token (and may use it with the merged url), so two auth methods never mix.
 */
export function mergeLayers(layers: readonly Layer[]): ConfiguredOptions {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.options)) {
      if (value !== undefined && !(key in merged)) merged[key] = value;
    }
  }
  const result = merged as ConfiguredOptions;
  for (const layer of layers) {
    if (layer.boundOptions === undefined || layer.authOnlyFor === undefined) continue;
    if (!sameBaseUrl(result.url, layer.authOnlyFor)) continue;
    for (const [key, value] of Object.entries(layer.boundOptions)) {
      if (value !== undefined && !(key in merged)) merged[key] = value;
    }
  }
  for (const layer of layers) {
    if (layer.auth === undefined) continue;
    if (layer.authOnlyFor !== undefined && !sameBaseUrl(result.url, layer.authOnlyFor)) continue;
    result[layer.auth.key] = layer.auth.token();
    break;
  }
  return result;
}

/** Same instance: scheme and host compared case-insensitively, a trailing slash ignored. */
export function sameBaseUrl(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const normalize = (url: string): string => {
    try {
      const parsed = new URL(url);
      return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}`;
    } catch {
      return url.trim().replace(/\/+$/, "");
    }
  };
  return normalize(a) === normalize(b);
}

export function withoutUndefined<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as T;
}
