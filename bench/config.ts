/** What every measure gets from the orchestrator. */
export interface BenchConfig {
  /** CI's quick variant: small counts, same code paths. */
  readonly smoke: boolean;
  /** python-gitlab's availability, checked once. */
  readonly python: { readonly version?: string; readonly reason?: string };
}

/** Pick the smoke or the full count. */
export function size(config: BenchConfig, smoke: number, full: number): number {
  return config.smoke ? smoke : full;
}
