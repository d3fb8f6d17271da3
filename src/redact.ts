/**
 * Secrets are scrubbed from every string the client produces (error messages, log lines),
 * because URLs and server echoes can carry them in places we do not control.
 */
const SECRET_QUERY_KEYS =
  /([?&](?:private_token|access_token|job_token|oauth_token|token)=)[^&#\s]*/gi;

export class Redactor {
  readonly #secrets: string[];

  constructor(secrets: Array<string | undefined>) {
    // Longest first, so a secret that contains another is replaced whole.
    this.#secrets = secrets
      .filter((s): s is string => typeof s === "string" && s.length > 0)
      .sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text.replace(SECRET_QUERY_KEYS, "$1[REDACTED]");
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join("[REDACTED]");
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join("[REDACTED]");
    }
    return out;
  }
}
