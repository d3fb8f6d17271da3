import { request } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import { after, before } from "node:test";
import { startSimulator } from "../../src/simulator/index.js";
import type { Simulator, SimulatorOptions } from "../../src/simulator/index.js";
import { assertGitlabShapes } from "../helpers/shapes.js";

export const ROOT_TOKEN = "glpat-simulator-token";
export const ALICE_TOKEN = "glpat-simulator-alice";
export const AUTH = { "PRIVATE-TOKEN": ROOT_TOKEN };

/**
 * Starts a simulator before the file's tests and closes it after; read `.sim` inside tests. Its
 * responses are validated against GitLab's response schemas, and the file fails if one did not fit.
 */
export function useSimulator(options: SimulatorOptions = {}): { sim: Simulator } {
  const holder = {} as { sim: Simulator };
  before(async () => {
    holder.sim = await startSimulator({ validateResponses: true, ...options });
  });
  after(async () => {
    await holder.sim.close();
    assertGitlabShapes(holder.sim);
  });
  return holder;
}

export async function getJson(
  sim: Simulator,
  path: string,
  headers: Record<string, string> = AUTH,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(`${sim.url}${path}`, { headers });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? undefined : JSON.parse(text),
  };
}

export async function send(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = AUTH,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, "Content-Type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? undefined : JSON.parse(text),
  };
}

export interface RawResult {
  status?: number;
  headers?: IncomingHttpHeaders;
  /** Every body byte that arrived, even when the response broke off. */
  body: Buffer;
  /** The response ended normally (all of Content-Length, or the last chunk). */
  complete: boolean;
  /** The error the socket or response raised, if any. */
  error?: NodeJS.ErrnoException;
}

/**
 * A request over node:http that records exactly what arrived on the socket, so faults that break
 * a response midway can be told apart (fetch would only say "terminated").
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<RawResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const result: RawResult = { body: Buffer.alloc(0), complete: false };
    const finish = () => resolve({ ...result, body: Buffer.concat(chunks) });
    const req = request(
      url,
      { method: options.method ?? "GET", headers: options.headers ?? AUTH, agent: false },
      (res) => {
        result.status = res.statusCode;
        result.headers = res.headers;
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          result.complete = res.complete;
          finish();
        });
        res.on("error", (error) => {
          result.error = error;
          finish();
        });
      },
    );
    req.on("error", (error) => {
      result.error = error;
      finish();
    });
    req.end(options.body);
  });
}
