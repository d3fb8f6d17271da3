import { proxySecrets } from "../proxy.js";
import { Redactor } from "../redact.js";

/**
 * Every token the CLI has seen (flags, environment, config, auth headers given with -H), so that
 * no message it prints can contain one, whatever produced the message. The client already redacts
 * its own errors; this also covers commander's messages and anything a server echoes back.
 */
export class Secrets {
  readonly #values = new Set<string>();

  add(...values: Array<string | undefined>): void {
    // Very short values would mask ordinary words; no real token is that short.
    for (const value of values)
      if (value !== undefined && value.length >= 4) this.#values.add(value);
  }

  /** Every spelling of every token (raw, JSON- and HTML-escaped, URL-encoded), as the library redacts. */
  mask(text: string): string {
    return new Redactor([...this.#values]).redact(text);
  }
}

const TOKEN_VARIABLES = [
  "GITLAB_TOKEN",
  "GITLAB_PRIVATE_TOKEN",
  "GITLAB_OAUTH_TOKEN",
  "CI_JOB_TOKEN",
];
const TOKEN_FLAGS = ["--token", "--oauth-token", "--job-token"];

/** The tokens known before anything is parsed: a parse error must not print them either. */
export function initialSecrets(argv: readonly string[], env: NodeJS.ProcessEnv): Secrets {
  const secrets = new Secrets();
  for (const name of TOKEN_VARIABLES) secrets.add(env[name]?.trim());
  // Proxy passwords (HTTPS_PROXY=http://user:password@host) are masked like tokens.
  for (const [name, value] of Object.entries(env)) {
    if (/^https?_proxy$/i.test(name) && value && URL.canParse(value)) {
      secrets.add(...proxySecrets(new URL(value)));
    }
  }
  argv.forEach((arg, index) => {
    for (const flag of TOKEN_FLAGS) {
      if (arg === flag) secrets.add(argv[index + 1]);
      else if (arg.startsWith(`${flag}=`)) secrets.add(arg.slice(flag.length + 1));
    }
  });
  return secrets;
}
