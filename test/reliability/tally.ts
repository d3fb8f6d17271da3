import { it } from "node:test";

/** What the suite has done, printed at its end by suite.test.ts. */
export const tally = { tried: 0, passed: 0, itemsVerified: 0 };

/**
 * A fault case: the name states the fault and its expected outcome; the body asserts that outcome.
 * Counted as tried when it starts and passed when its assertions hold. `todo` names what a case
 * still waits for outside this suite's files: it runs and is reported, but cannot fail the suite.
 */
export function faultCase(
  name: string,
  body: () => Promise<void> | void,
  options: { todo?: string } = {},
): void {
  it(name, options, async () => {
    tally.tried += 1;
    await body();
    tally.passed += 1;
  });
}

/** Record that `count` items came through a fault intact (checked against a clean listing). */
export function itemsVerified(count: number): void {
  tally.itemsVerified += count;
}
