/**
 * Secrets are scrubbed from every string the client produces (error messages, log lines),
 * because URLs and server echoes can carry them in places we do not control.
 */
const SECRET_QUERY_KEYS =
  /([?&](?:private_token|access_token|job_token|oauth_token|token)=)[^&#\s]*/gi;

export class Redactor {
  readonly #forms: string[];

  constructor(secrets: Array<string | undefined>) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (typeof secret === "string" && secret.length > 0)
        for (const form of spellings(secret)) forms.add(form);
    }
    // Longest first, so a secret that contains another is replaced whole.
    this.#forms = [...forms].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text.replace(SECRET_QUERY_KEYS, "$1[REDACTED]");
    for (const form of this.#forms) {
      if (out.includes(form)) out = out.split(form).join("[REDACTED]");
    }
    return out;
  }
}

/**
 * The ways a secret can be spelled in text the client produces: as is, and as each URL encoder
 * involved writes it — encodeURIComponent for query values, form encoding, and WHATWG URL
 * parsing (path and query percent-encode sets), since links and redirect targets are shown after
 * `new URL()` normalized them.
 */
function spellings(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    encodeURI(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    percentEncode(secret, /[\p{Cc} "#<>?`{}]|[^\p{ASCII}]/gu),
    percentEncode(secret, /[\p{Cc} "#<>']|[^\p{ASCII}]/gu),
  ];
}

function percentEncode(text: string, set: RegExp): string {
  return text.replace(set, (char) =>
    [...Buffer.from(char, "utf8")]
      .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`)
      .join(""),
  );
}
