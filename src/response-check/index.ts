// The opt-in response check (`checkResponses: "warn"`): each 2xx JSON body a generated call decodes is
// validated against its operation's response schema, and every distinct mismatch is warned about once,
// with the fixes.yaml entry that would correct the type. It never changes or fails a call. ajv and the
// schemas are imported on the first check, so a client without the check never loads them.

import type { GitlabLogger } from "../options.js";
import { fixEntryYaml } from "./fix-entry.js";
import type { Mismatch, ResponseValidator } from "./validator.js";

export type { Mismatch, MismatchKind } from "./validator.js";
export { fixEntryYaml, type FixEntry } from "./fix-entry.js";

export interface ResponseCheckerOptions {
  /** Where reports go: `warn` once per distinct mismatch. */
  readonly logger: Pick<GitlabLogger, "warn">;
  /** Applied to every report before it is logged: the client's token redactor. */
  readonly redact?: (text: string) => string;
}

export interface ResponseChecker {
  /**
   * Checks one decoded success body of a generated operation. Never throws; the promise never rejects
   * and need not be awaited (it settles once the body is checked, which tests wait for).
   */
  check(operationId: string, status: number, body: unknown): Promise<void>;
}

let shared: Promise<ResponseValidator> | undefined;

/** The validator, loaded once per process on first use: ajv, then the schemas. */
export function loadValidator(): Promise<ResponseValidator> {
  shared ??= import("./validator.js").then(({ createValidator }) => createValidator());
  return shared;
}

/** Every mismatch of one body (the simulator's validation and the CLI read them directly). */
export async function findMismatches(
  operationId: string,
  status: number,
  body: unknown,
): Promise<Mismatch[]> {
  return (await loadValidator()).validate(operationId, status, body);
}

/** The key a mismatch is reported once under: operation, place in the body, kind. */
export function mismatchKey(mismatch: Mismatch): string {
  return `${mismatch.operationId} ${mismatch.path} ${mismatch.kind}`;
}

/** A report: where, what the type says, what arrived (types only), and the fixes.yaml entry. */
export function formatMismatch(mismatch: Mismatch): string {
  const { operationId, status, path, expected, received } = mismatch;
  return (
    `response check: ${operationId} (${status}) at ${path}: expected ${expected}, received ${received}. ` +
    `The generated type is wrong here; this openapi/fixes.yaml entry would correct it ` +
    `(please report it, see "Reporting a wrong type" in typed-gitlab's docs/configuration.md):\n${fixEntryYaml(mismatch.fix)}`
  );
}

export function createResponseChecker(options: ResponseCheckerOptions): ResponseChecker {
  const redact = options.redact ?? ((text: string) => text);
  const reported = new Set<string>();
  let broken = false;
  const warn = (message: string) => {
    try {
      options.logger.warn(redact(message));
    } catch {
      // A logger that throws must not fail the call whose response is being checked.
    }
  };
  return {
    async check(operationId, status, body) {
      if (broken) return;
      try {
        const validator = await loadValidator();
        for (const mismatch of validator.validate(operationId, status, body)) {
          const key = mismatchKey(mismatch);
          if (reported.has(key)) continue;
          reported.add(key);
          warn(formatMismatch(mismatch));
        }
      } catch (error) {
        broken = true;
        const reason = error instanceof Error ? error.message : String(error);
        warn(`response check disabled: it could not run (${reason})`);
      }
    },
  };
}
