// Writing generated/ all at once, and comparing it with what would be written. A run either replaces the
// whole directory or leaves it exactly as it was: files go to a sibling temporary directory first, and
// only a complete tree is swapped in.

import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import { compareStrings } from "./order.js";

/** Relative path (with "/") → file content. */
export type Tree = ReadonlyMap<string, string>;

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort(compareStrings);
}

export async function writeTreeAtomically(outDir: string, tree: Tree): Promise<void> {
  await mkdir(dirname(outDir), { recursive: true });
  const staging = await mkdtemp(join(dirname(outDir), `.${basename(outDir)}.new-`));
  try {
    for (const [file, content] of tree) {
      const target = join(staging, file);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  const previous = `${staging}.old`;
  let hadPrevious = true;
  try {
    await rename(outDir, previous);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    hadPrevious = false;
  }
  try {
    await rename(staging, outDir);
  } catch (error) {
    if (hadPrevious) await rename(previous, outDir);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  if (hadPrevious) await rm(previous, { recursive: true, force: true });
}

export interface TreeDifference {
  /** Files whose content differs. */
  readonly changed: string[];
  /** Files that would be created. */
  readonly missing: string[];
  /** Files that would be deleted. */
  readonly extra: string[];
}

export async function compareTree(outDir: string, tree: Tree): Promise<TreeDifference> {
  const existing = await listFiles(outDir);
  const changed: string[] = [];
  for (const file of existing) {
    const expected = tree.get(file);
    if (expected !== undefined && (await readFile(join(outDir, file), "utf8")) !== expected) {
      changed.push(file);
    }
  }
  const present = new Set(existing);
  return {
    changed,
    missing: [...tree.keys()].filter((file) => !present.has(file)).sort(compareStrings),
    extra: existing.filter((file) => !tree.has(file)),
  };
}
