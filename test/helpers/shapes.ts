import type { ShapeMismatch, Simulator } from "../../src/simulator/index.js";
import { simulatorDrift } from "./known-spec-defects.js";

/** Each distinct mismatch once: `GET … getApiV4ProjectsId 200 type $.path: expected …, received …`. */
export function describeShapeMismatches(mismatches: readonly ShapeMismatch[]): string[] {
  const lines = mismatches.map(
    (m) =>
      `${m.operationId || m.request.replace(/\/\d+(?=\/|$)/g, "/:id")} ${m.status} ${m.kind} ${m.path}: expected ${m.expected}, received ${m.received}`,
  );
  return [...new Set(lines)].sort();
}

/**
 * Fails when the simulator answered a JSON body that is not GitLab's shape (its operation's response
 * schema), known defects of the description aside: the suites run with `validateResponses`, so drift
 * fails the suite that saw it.
 */
export function assertGitlabShapes(sim: Simulator): void {
  const lines = describeShapeMismatches(simulatorDrift(sim.shapeMismatches));
  if (lines.length > 0) {
    throw new Error(
      `the simulator answered ${lines.length} shape(s) GitLab's response schemas do not allow:\n  ${lines.join("\n  ")}`,
    );
  }
}
