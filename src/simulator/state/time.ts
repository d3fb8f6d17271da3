/** Seeded data lives on a fixed timeline so every run serves byte-identical JSON. */
const EPOCH = Date.UTC(2024, 0, 1);

export const HOUR = 3_600_000;
export const SECOND = 1_000;

export function seedTime(offsetMs: number): string {
  return new Date(EPOCH + offsetMs).toISOString();
}

export function nowIso(): string {
  return new Date().toISOString();
}
