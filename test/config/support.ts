import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { GitlabConfigError } from "../../src/config.js";

/** The token used in every fixture: it must never show up in an error. */
export const SECRET = "glpat-NEVER-PRINT-ME-7f3a9c";

export const FIXTURES = fileURLToPath(new URL("../fixtures/config/", import.meta.url));

export function fixture(name: string): string {
  return `${FIXTURES}${name}`;
}

/** An environment with no GitLab, CI or HOME variables from the machine running the tests. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: "/nonexistent-home", CONFIG_FIXTURES: FIXTURES, ...extra };
}

/**
 * Runs `fn`, expects a GitlabConfigError whose message matches every pattern, and checks that the
 * secret appears nowhere in it: message, stack, own properties, or how Node prints it.
 */
export function expectConfigError(fn: () => unknown, ...patterns: RegExp[]): GitlabConfigError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(
    caught instanceof GitlabConfigError,
    `expected a GitlabConfigError, got ${inspect(caught)}`,
  );
  assert.equal(caught.name, "GitlabConfigError");
  for (const pattern of patterns) assert.match(caught.message, pattern);
  assertNoSecret(caught);
  return caught;
}

export function assertNoSecret(error: Error): void {
  for (const text of [
    error.message,
    error.stack ?? "",
    JSON.stringify({ ...error }),
    inspect(error),
  ]) {
    assert.ok(!text.includes(SECRET), `the token leaked into: ${text}`);
    // A token cut in half by a line break or truncation would still be a leak.
    assert.ok(!text.includes("NEVER-PRINT-ME"), `part of the token leaked into: ${text}`);
  }
  assert.equal(error.cause, undefined);
}
