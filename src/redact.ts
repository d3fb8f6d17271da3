/**
 * Secrets are scrubbed from every string the client produces (error messages, log lines),
 * because URLs and server echoes can carry them in places we do not control.
 */
const SECRET_QUERY_KEYS =
  /([?&](?:private_token|access_token|job_token|oauth_token|token)=)[^&#\s]*/gi;

/** Scrub the values of token-named query parameters: all that can be done without knowing the token. */
export function scrubTokenParams(text: string): string {
  return text.replace(SECRET_QUERY_KEYS, "$1[REDACTED]");
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export class Redactor {
  #forms: string[] = [];

  constructor(secrets: Array<string | undefined> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Learn a secret: a token a provider handed out, a proxy password. */
  add(secret: string | undefined): void {
    if (typeof secret !== "string" || secret.length === 0) return;
    const forms = new Set([...this.#forms, ...spellings(secret)]);
    // Longest first, so a secret that contains another is replaced whole.
    this.#forms = [...forms].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = scrubTokenParams(text);
    for (const form of this.#forms) {
      if (out.includes(form)) out = out.split(form).join("[REDACTED]");
    }
    return out;
  }
}

/**
 * The ways a secret can be spelled in text the client produces: as is; escaped in a JSON string
 * or in HTML (as Rails escapes), when a server's error body echoes it; and as each URL encoder
 * involved writes it — encodeURIComponent for query values, form encoding, and WHATWG URL parsing
 * (path and query percent-encode sets), since links and redirect targets are shown after
 * `new URL()` normalized them.
 */
function spellings(secret: string): string[] {
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    secret.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!),
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
