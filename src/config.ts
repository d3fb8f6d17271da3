// Configuration loading: environment variables, python-gitlab config files, and the CLI's
// precedence between them and flags. See docs/configuration.md.
export { GitlabConfigError, type GitlabConfigErrorDetails } from "./config/errors.js";
export { optionsFromEnv } from "./config/env.js";
export { optionsFromConfig, type ConfigContext } from "./config/python-gitlab.js";
export { resolveOptions, type ResolveOptionsInput } from "./config/resolve.js";
