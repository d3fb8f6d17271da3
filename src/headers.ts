/** Response headers with case-insensitive lookup: `headers.get("X-Total")`. */
export class ResponseHeaders implements Iterable<[string, string]> {
  readonly #map = new Map<string, string>();

  constructor(raw: Record<string, unknown>) {
    for (const [name, value] of Object.entries(raw)) {
      if (value === undefined || value === null) continue;
      this.#map.set(name.toLowerCase(), Array.isArray(value) ? value.join(", ") : String(value));
    }
  }

  get(name: string): string | undefined {
    return this.#map.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.#map.entries();
  }

  toJSON(): Record<string, string> {
    return Object.fromEntries(this.#map);
  }
}
