/** Most hops one call follows before giving up. */
export const MAX_REDIRECTS = 10;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface RedirectInput {
  readonly method: string;
  readonly status: number;
  readonly location: string | undefined;
  /** The URL that answered. */
  readonly url: string;
  /** URLs this call has been redirected from, this one included. */
  readonly visited: ReadonlySet<string>;
  /** The configured GitLab origin: credentials and bodies never leave it. */
  readonly origin: string;
  /** False for a streamed body, which cannot be sent twice. */
  readonly replayable: boolean;
}

export type RedirectDecision =
  | { readonly kind: "none" }
  | { readonly kind: "follow"; readonly url: string; readonly leavesOrigin: boolean }
  | { readonly kind: "refuse"; readonly location: string; readonly reason: string };

/** Whether to follow a response's redirect, and where. Pure: the transport loop applies it. */
export function decideRedirect(input: RedirectInput): RedirectDecision {
  const { method, status, location, url } = input;
  if (!REDIRECT_STATUSES.has(status) || location === undefined) return { kind: "none" };
  const next = new URL(location, url).href;
  const refuse = (reason: string): RedirectDecision => ({ kind: "refuse", location: next, reason });
  const reading = method === "GET" || method === "HEAD";
  // 301/302/303 turn a write into a GET in every browser and most clients; GitLab never means that.
  if (!reading && status !== 307 && status !== 308) {
    return refuse(
      `a ${status} would turn the ${method} into a GET and drop its body; call the new URL directly`,
    );
  }
  if (input.visited.has(next)) return refuse("redirect loop");
  if (input.visited.size > MAX_REDIRECTS) return refuse(`more than ${MAX_REDIRECTS} redirects`);
  if (!input.replayable) {
    return refuse("a streamed body cannot be sent twice; call the new URL directly");
  }
  const origin = new URL(next).origin;
  const leavesOrigin = origin !== input.origin;
  // A body can carry secrets as well as a header can (CI variables, keys): it stays home.
  if (leavesOrigin && !reading) {
    return refuse(
      `the ${method} would take its body to ${origin}, outside the configured ${input.origin}; call that URL directly if you trust it`,
    );
  }
  return { kind: "follow", url: next, leavesOrigin };
}
