import { readFileSync } from "node:fs";
import type { SimulatorSeed } from "../types.js";
import { defaultSeed } from "./default-seed.js";

/** A seed with every field resolved against the built-in one. */
export type ResolvedSeed = Required<Omit<SimulatorSeed, "syntheticProjects" | "maxOffset">> &
  Pick<SimulatorSeed, "syntheticProjects" | "maxOffset">;

/** Reads a seed object or JSON seed file; fields it leaves out take the built-in seed's values. */
export function loadSeed(seed: SimulatorSeed | string | undefined): ResolvedSeed {
  const given = typeof seed === "string" ? readSeedFile(seed) : (seed ?? {});
  const base = defaultSeed();
  return {
    users: given.users ?? base.users ?? [],
    tokens: given.tokens ?? base.tokens ?? [],
    groups: given.groups ?? base.groups ?? [],
    projects: given.projects ?? base.projects ?? [],
    version: given.version ?? base.version ?? "19.5.0-ee",
    ...(given.syntheticProjects && { syntheticProjects: given.syntheticProjects }),
    ...(given.maxOffset !== undefined && { maxOffset: given.maxOffset }),
  };
}

function readSeedFile(file: string): SimulatorSeed {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read simulator seed file ${file}: ${(error as Error).message}`);
  }
  assertSeedShape(parsed, file);
  return parsed;
}

const ARRAY_FIELDS = ["users", "tokens", "groups", "projects"] as const;

/** Catches the structural mistakes a hand-written JSON file makes; references are checked when the state is built. */
function assertSeedShape(value: unknown, file: string): asserts value is SimulatorSeed {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`Simulator seed file ${file} must hold a JSON object`);
  }
  const record = value as Record<string, unknown>;
  for (const field of ARRAY_FIELDS) {
    const items = record[field];
    if (items === undefined) continue;
    if (
      !Array.isArray(items) ||
      !items.every((item) => typeof item === "object" && item !== null)
    ) {
      throw new Error(`Simulator seed file ${file}: "${field}" must be an array of objects`);
    }
  }
  const synthetic = record["syntheticProjects"] as Record<string, unknown> | undefined;
  if (synthetic !== undefined && typeof synthetic["count"] !== "number") {
    throw new Error(`Simulator seed file ${file}: "syntheticProjects.count" must be a number`);
  }
}
