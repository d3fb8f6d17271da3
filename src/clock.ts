import { setTimeout as sleep } from "node:timers/promises";

/** Time as the transport and the rate-limit governor see it: a seam, so tests run waits without sleeping. */
export interface Clock {
  now(): number;
  /** Resolves after `ms` milliseconds, or rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : {}),
};
