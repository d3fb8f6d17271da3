// The generator's account of what it found wrong or unusual in the spec. Counts per kind are printed on
// every run and committed in generated/spec-lint.json, so an upgrade's diff shows which defects changed.

import { compareStrings } from "./order.js";

/** fixed: repaired in the patched document; kept: left as the spec has it, handled by the generator; note: worth knowing. */
export type LintAction = "fixed" | "kept" | "note";

export interface LintEntry {
  readonly kind: string;
  readonly action: LintAction;
  readonly description: string;
  count: number;
  readonly examples: string[];
  /** For a rule GitLab's evidence can check: places where the evidence agrees, and where it does not. */
  confirmed?: number;
  contradicted?: number;
}

const MAX_EXAMPLES = 3;

export class Lint {
  readonly #entries = new Map<string, LintEntry>();

  /** Records one occurrence of `kind`; `example` names where (an operationId, path or schema). */
  add(kind: string, action: LintAction, description: string, example: string): void {
    let entry = this.#entries.get(kind);
    if (!entry) {
      entry = { kind, action, description, count: 0, examples: [] };
      this.#entries.set(kind, entry);
    }
    entry.count++;
    if (entry.examples.length < MAX_EXAMPLES && !entry.examples.includes(example)) {
      entry.examples.push(example);
    }
  }

  /** Records how a rule fared where GitLab's evidence covers the places it judges. */
  measure(kind: string, confirmed: number, contradicted: number): void {
    const entry = this.#entries.get(kind);
    if (entry) Object.assign(entry, { confirmed, contradicted });
  }

  entries(): LintEntry[] {
    const order: Record<LintAction, number> = { fixed: 0, kept: 1, note: 2 };
    return [...this.#entries.values()].sort(
      (a, b) => order[a.action] - order[b.action] || compareStrings(a.kind, b.kind),
    );
  }
}

export function formatLint(entries: readonly LintEntry[]): string {
  if (entries.length === 0) return "Spec lint: nothing to report.";
  const kindWidth = Math.max(...entries.map((entry) => entry.kind.length));
  const countWidth = Math.max(...entries.map((entry) => String(entry.count).length));
  const lines = entries.map((entry) => {
    const checked =
      entry.confirmed === undefined
        ? ""
        : `; evidence confirms ${entry.confirmed}, contradicts ${entry.contradicted ?? 0}`;
    return `  ${entry.action.padEnd(5)}  ${entry.kind.padEnd(kindWidth)}  ${String(entry.count).padStart(countWidth)}  ${entry.description} (e.g. ${entry.examples.join(", ")}${checked})`;
  });
  return ["Spec lint (per defect kind):", ...lines].join("\n");
}
