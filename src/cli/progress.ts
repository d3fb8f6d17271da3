import type { Output } from "./io.js";

export interface ProgressState {
  items: number;
  page?: number | undefined;
  totalPages?: number | undefined;
}

export interface ProgressOptions {
  /** Nothing is shown for listings that finish sooner: short ones should not flicker. */
  delayMs?: number;
  /** Least time between two redraws. */
  intervalMs?: number;
  now?: () => number;
}

/**
 * A one-line pagination counter on stderr, redrawn in place. Only on a terminal: a log file or a
 * pipe would fill up with carriage returns. Stdout is never touched, so NDJSON stays clean.
 */
export class Progress {
  readonly #stream: Output;
  readonly #enabled: boolean;
  readonly #startedAt: number;
  readonly #delayMs: number;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #drawnAt: number | undefined;

  constructor(stream: Output, options: ProgressOptions = {}) {
    this.#stream = stream;
    this.#enabled = stream.isTTY === true;
    this.#now = options.now ?? Date.now;
    this.#startedAt = this.#now();
    this.#delayMs = options.delayMs ?? 1000;
    this.#intervalMs = options.intervalMs ?? 100;
  }

  update(state: ProgressState): void {
    if (!this.#enabled) return;
    const now = this.#now();
    if (now - this.#startedAt < this.#delayMs) return;
    if (this.#drawnAt !== undefined && now - this.#drawnAt < this.#intervalMs) return;
    this.#drawnAt = now;
    const page =
      state.page === undefined
        ? ""
        : `, page ${state.page}${state.totalPages === undefined ? "" : `/${state.totalPages}`}`;
    this.#stream.write(`\r\x1b[2K${state.items} items${page}…`);
  }

  /** Erase the line, so whatever comes next on stderr starts clean. */
  done(): void {
    if (this.#drawnAt !== undefined) this.#stream.write("\r\x1b[2K");
    this.#drawnAt = undefined;
  }
}
