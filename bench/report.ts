// Results: printed as they come, each beside its baseline from the same run, and rendered as Markdown.

import { cpus, loadavg, release, totalmem, type as osType } from "node:os";

/** Every figure here is a cost (time, bytes, memory): lower is better. */
export type Unit = "µs/req" | "ms" | "s" | "MB" | "kB" | "lines";

export interface Row {
  readonly name: string;
  /** Undefined when the measure was skipped; `note` says why. */
  readonly value: number | undefined;
  readonly unit: Unit;
  /** The figure this one is divided by, measured in the same run. */
  readonly baseline?: { readonly name: string; readonly value: number | undefined };
  readonly goal?: { readonly text: string; readonly met: boolean };
  readonly note?: string;
}

export interface Section {
  readonly title: string;
  /** What was measured and how, one or two sentences for the doc. */
  readonly method: string;
  readonly rows: Row[];
  /** Findings worth keeping next to the numbers (profiles, what is not ours). */
  readonly notes: string[];
}

export function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined) return "—";
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

export function ratioText(row: Row): string {
  const base = row.baseline;
  if (base === undefined) return "";
  if (row.value === undefined || base.value === undefined || base.value === 0) {
    return `vs ${base.name}: n/a`;
  }
  return `${(row.value / base.value).toFixed(2)}× ${base.name}`;
}

function goalText(row: Row): string {
  if (row.goal === undefined) return "";
  return `${row.goal.met ? "met" : "MISSED"}: ${row.goal.text}`;
}

export function printRow(row: Row): void {
  const cells = [
    row.name.padEnd(48),
    formatValue(row.value, row.unit).padStart(12),
    ratioText(row).padEnd(34),
    goalText(row),
    row.note === undefined ? "" : `(${row.note})`,
  ];
  console.log(`  ${cells.join("  ").trimEnd()}`);
}

export function printSection(section: Section): void {
  console.log(`\n${section.title}`);
  for (const row of section.rows) printRow(row);
  for (const note of section.notes) console.log(`  note: ${note}`);
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly python?: string;
  readonly versions: Readonly<Record<string, string>>;
  readonly date: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  readonly load: number;
}

export function describeMachine(versions: Record<string, string>, python?: string): Machine {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  return {
    cpu,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    ...(python !== undefined && { python }),
    versions,
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    load: loadavg()[0] ?? 0,
  };
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

export function renderMarkdown(
  sections: readonly Section[],
  machine: Machine,
  preamble: string,
  smoke: boolean,
): string {
  const lines: string[] = [preamble.trimEnd(), "", "## Machine", ""];
  lines.push(
    `- ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, ${machine.os}`,
    `- Node ${machine.node}${machine.python ? `, ${machine.python}` : ""}`,
    `- ${Object.entries(machine.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(", ")}`,
    `- Run: ${machine.date}, ${smoke ? "`npm run bench -- --smoke --write-doc` (smoke counts)" : "`npm run bench` (full run)"}, load average ${machine.load.toFixed(1)} at the start (other work on the machine; ratios within a run are the robust figures)`,
    "",
  );
  for (const section of sections) {
    lines.push(`## ${section.title}`, "", section.method, "");
    lines.push("| Measure | Result | Ratio (same run) | Goal |", "| --- | ---: | --- | --- |");
    for (const row of section.rows) {
      const result = formatValue(row.value, row.unit) + (row.note ? ` (${row.note})` : "");
      lines.push(
        `| ${escapeCell(row.name)} | ${escapeCell(result)} | ${escapeCell(ratioText(row))} | ${escapeCell(goalText(row))} |`,
      );
    }
    lines.push("");
    for (const note of section.notes) lines.push(`- ${note}`);
    if (section.notes.length > 0) lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
