import { GitlabOptionError, GitlabTokenError } from "./errors.js";
import type { Redactor } from "./redact.js";

/** A token, or a function that hands one out (a vault, an OAuth refresh), called when one is needed. */
export type TokenProvider = () => string | Promise<string>;
export type TokenOption = string | TokenProvider;

export type TokenKind = "privateToken" | "oauthToken" | "jobToken";

const HEADER: Record<TokenKind, "PRIVATE-TOKEN" | "Authorization" | "JOB-TOKEN"> = {
  privateToken: "PRIVATE-TOKEN",
  oauthToken: "Authorization",
  jobToken: "JOB-TOKEN",
};

/**
 * The client's auth header. A plain token is checked once, at construction; a provider's token when
 * it arrives, and after a 401 the provider is asked once more (`invalidate`), so a rotated token
 * takes over without a new client. Every token is taught to the redactor before it is sent.
 */
export class Credentials {
  readonly #kind: TokenKind;
  readonly #provider: TokenProvider | undefined;
  readonly #redactor: Redactor;
  #token: Promise<string> | undefined;

  constructor(kind: TokenKind, source: TokenOption, redactor: Redactor) {
    this.#kind = kind;
    this.#redactor = redactor;
    if (typeof source === "function") {
      this.#provider = source;
    } else {
      this.#token = Promise.resolve(checkToken(kind, source));
      redactor.add(source);
    }
  }

  /** A provider can be asked for a fresh token; a plain token cannot change. */
  get refreshable(): boolean {
    return this.#provider !== undefined;
  }

  async header(): Promise<{ name: string; value: string }> {
    this.#token ??= this.#ask();
    const token = await this.#token;
    return {
      name: HEADER[this.#kind],
      value: this.#kind === "oauthToken" ? `Bearer ${token}` : token,
    };
  }

  /** GitLab refused the token: the next request asks the provider again. */
  invalidate(): void {
    if (this.#provider !== undefined) this.#token = undefined;
  }

  async #ask(): Promise<string> {
    const provider = this.#provider!;
    let token: unknown;
    try {
      token = await provider();
    } catch (error) {
      // The provider's own message could quote a secret: only its kind is kept.
      this.#token = undefined;
      throw new GitlabTokenError(
        this.#kind,
        `the token provider failed (${error instanceof Error ? error.name : typeof error})`,
      );
    }
    try {
      const checked = checkToken(this.#kind, token);
      this.#redactor.add(checked);
      return checked;
    } catch (error) {
      this.#token = undefined;
      if (typeof token === "string") this.#redactor.add(token);
      throw new GitlabTokenError(
        this.#kind,
        `the token provider handed out an invalid token: ${(error as GitlabOptionError).message}`,
      );
    }
  }
}

/**
 * Checked before a token is ever a header value: Node refuses characters above U+00FF and control
 * characters there (after the request has been built), servers strip surrounding whitespace, and no
 * GitLab token contains anything but visible ASCII. The message names the offending character's
 * code point, never the token.
 */
function checkToken(kind: TokenKind, token: unknown): string {
  if (typeof token !== "string" || token.length === 0) {
    throw new GitlabOptionError(kind, "expected a non-empty string or a function returning one");
  }
  const bad = /[^\x21-\x7e]/u.exec(token)?.[0];
  if (bad !== undefined) {
    const code = `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    throw new GitlabOptionError(
      kind,
      `contains ${code} at position ${token.indexOf(bad) + 1}; a token is visible ASCII only (no spaces, control or non-ASCII characters)`,
    );
  }
  return token;
}
