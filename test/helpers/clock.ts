import type { Clock } from "../../src/index.js";

/**
 * A clock whose sleeps return at once and move its time on by what was slept: a test runs
 * Retry-After waits and backoff without waiting, and reads back what the client waited.
 */
export class InstantClock implements Clock {
  #offset = 0;
  /** Every wait asked for, in ms, in order. */
  readonly sleeps: number[] = [];

  now(): number {
    return Date.now() + this.#offset;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.#offset += ms;
    await Promise.resolve();
  }
}
