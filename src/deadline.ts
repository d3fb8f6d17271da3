/**
 * One attempt's time limit, linked to the caller's signal: the attempt is aborted when either fires,
 * and `timedOut` tells which.
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #onAbort = () => this.#controller.abort();
  readonly #userSignal: AbortSignal | undefined;
  timedOut = false;

  constructor(timeout: number | undefined, userSignal: AbortSignal | undefined) {
    this.#userSignal = userSignal;
    if (userSignal?.aborted) this.#controller.abort();
    userSignal?.addEventListener("abort", this.#onAbort, { once: true });
    if (timeout !== undefined) {
      this.#timer = setTimeout(() => {
        this.timedOut = true;
        this.#controller.abort();
      }, timeout);
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Stop the clock; the caller's signal can still cancel (a streamed body, say). */
  stopClock(): void {
    clearTimeout(this.#timer);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#userSignal?.removeEventListener("abort", this.#onAbort);
  }
}
