import type { Clock } from "../../src/clock.js";

interface Timer {
  at: number;
  resolve: () => void;
}

/** A clock whose time moves only when a test advances it; sleeps resolve in time order. */
export class FakeClock implements Clock {
  #now: number;
  #timers: Timer[] = [];

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise((resolve, reject) => {
      const timer: Timer = { at: this.#now + Math.max(0, ms), resolve };
      this.#timers.push(timer);
      signal?.addEventListener(
        "abort",
        () => {
          this.#timers = this.#timers.filter((t) => t !== timer);
          reject(signal.reason as Error);
        },
        { once: true },
      );
    });
  }

  /** Moves time to `now + ms`, firing due sleeps one by one and letting their callbacks run. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await settle();
      const due = this.#timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = Math.max(this.#now, due.at);
      due.resolve();
    }
    this.#now = target;
    await settle();
  }

  /** When the next sleep ends, if any is pending. */
  get nextTimer(): number | undefined {
    return this.#timers.length === 0 ? undefined : Math.min(...this.#timers.map((t) => t.at));
  }
}

/** Lets pending promise callbacks run (a macrotask turn; no time passes on the fake clock). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
