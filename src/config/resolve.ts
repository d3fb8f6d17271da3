import type { ConfiguredOptions } from "../options.js";
import { ciEnvLayer, gitlabEnvLayer } from "./env.js";
import { layerFromOptions, mergeLayers, type Layer } from "./layers.js";
import { configLayer } from "./python-gitlab.js";

export interface ResolveOptionsInput {
  /** Options given on the command line (or in code); the highest precedence. */
  flags?: ConfiguredOptions;
  /** Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** python-gitlab instance (section) name, e.g. from `--gitlab <name>`. */
  configName?: string;
  /** python-gitlab config files, e.g. from `--config-file`; default PYTHON_GITLAB_CFG or the usual files. */
  configFiles?: string[];
  /** Longest a config token helper may run. Default 60 000 ms. */
  helperTimeoutMs?: number;
}

/**
 * Options for the CLI from every source. Each option comes from the first source that sets it:
 *
 * 1. `flags`;
 * 2. GITLAB_* environment variables (see optionsFromEnv);
 * 3. python-gitlab config files (see optionsFromConfig);
 * 4. GitLab CI's CI_SERVER_URL and CI_JOB_TOKEN.
 *
 * Authentication is one unit: the token comes from the first source that has any token, so a
 * `--oauth-token` flag is never combined with a private token from a file. CI_JOB_TOKEN is only
 * used when the resolved url is CI_SERVER_URL. A token helper in a config file only runs when the
 * file's token is the one used.
 *
 * Config files are optional here unless asked for: with no `configName`, no `configFiles` and no
 * PYTHON_GITLAB_CFG, a missing `~/.python-gitlab.cfg` or one without a `[global]` default is
 * skipped. When asked for, the errors of optionsFromConfig apply.
 *
 * @throws GitlabConfigError
 */
export function resolveOptions(input: ResolveOptionsInput = {}): ConfiguredOptions {
  const env = input.env ?? process.env;
  const layers: Layer[] = [];
  if (input.flags !== undefined) layers.push(layerFromOptions(input.flags, "flags"));
  layers.push(gitlabEnvLayer(env));
  const config = configLayer({
    name: input.configName,
    files: input.configFiles,
    context: {
      env,
      ...(input.helperTimeoutMs === undefined ? {} : { helperTimeoutMs: input.helperTimeoutMs }),
    },
    optional: true,
  });
  if (config !== undefined) layers.push(config);
  layers.push(ciEnvLayer(env));
  return mergeLayers(layers);
}
