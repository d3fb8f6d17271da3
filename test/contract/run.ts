// Calls one generated function through the recorder and classifies what happened: the request's
// validity is Prism's verdict on the exchange; response-side trouble (a body the client cannot decode,
// a status Prism mocked from the spec) is recorded apart and never hides a request violation.

import type { Gitlab } from "../../src/index.js";
import type { OperationMeta } from "../../src/endpoint.js";
import type { RequestOptions } from "../../src/call-policy.js";
import { CONTRACT_ID_HEADER, type Exchange, type Recorder } from "./recorder.js";
import type { CallArgs } from "./requests.js";
import { describeViolations, verdict, type Violation } from "./violations.js";

/** A generated endpoint, called with arguments built at run time rather than typed ones. */
export type LooseEndpoint = ((
  gl: Gitlab,
  params: CallArgs,
  options?: RequestOptions,
) => Promise<unknown>) & { readonly meta: OperationMeta };

export type Outcome =
  /** Prism found the request valid. */
  | { kind: "valid"; exchange: Exchange; responseError?: string; warnings: Violation[] }
  /** Prism reported request violations. */
  | { kind: "violation"; exchange: Exchange; violations: Violation[] }
  /** Nothing reached Prism, or more than one request did. */
  | { kind: "no-exchange"; error: string; exchanges: number };

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export async function callOperation(
  gl: Gitlab,
  recorder: Recorder,
  fn: LooseEndpoint,
  args: CallArgs,
  id: string = fn.meta.operationId,
): Promise<Outcome> {
  let error: unknown;
  try {
    await fn(gl, args, { headers: { [CONTRACT_ID_HEADER]: id } });
  } catch (caught) {
    error = caught;
  }
  const exchanges = recorder.take(id);
  const exchange = exchanges[0];
  if (exchange === undefined || exchanges.length > 1) {
    const what = error === undefined ? "the call returned" : message(error);
    return { kind: "no-exchange", error: what, exchanges: exchanges.length };
  }
  const found = verdict(exchange);
  if (found.request.length > 0) return { kind: "violation", exchange, violations: found.request };
  const responseProblems = [
    ...(error === undefined ? [] : [message(error)]),
    ...(found.response.length > 0 ? [describeViolations(found.response)] : []),
  ];
  return {
    kind: "valid",
    exchange,
    warnings: found.warnings,
    ...(responseProblems.length > 0 && { responseError: responseProblems.join("; ") }),
  };
}

/** Runs `task` over `items` with at most `limit` in flight, keeping the input order in the result. */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** How the exchange looked on the wire, for a violation report. */
export function describeExchange(exchange: Exchange): string {
  const type = exchange.headers["content-type"];
  const body =
    exchange.body.length === 0 ? "" : ` body ${exchange.body.subarray(0, 300).toString("utf8")}`;
  return `${exchange.method} ${exchange.url}${type === undefined ? "" : ` (${type})`}${body}`;
}
