import { STATUS_CODES } from "node:http";
import { createDeflate, createGzip, deflateSync, gzipSync } from "node:zlib";
import { json } from "./http/response.js";
import type { SimResponse } from "./http/response.js";
import type { Fault, FaultKind } from "./types.js";

const KINDS = new Set<FaultKind["kind"]>([
  "status",
  "rateLimit",
  "resetBeforeHeaders",
  "resetMidBody",
  "truncate",
  "slowHeaders",
  "trickleBody",
  "redirect",
  "malformedJson",
  "emptyJson",
  "wrongContentType",
  "gzip",
  "deflate",
  "big",
  "badLink",
  "nextLink",
  "garbageNextPage",
  "emptyPage",
]);

/** Options each kind cannot do without; checked so a typo fails at `inject`, not mid-test. */
const REQUIRED: Partial<Record<FaultKind["kind"], string>> = {
  status: "status",
  slowHeaders: "delayMs",
  redirect: "location",
  nextLink: "url",
};

export function validateFault(value: unknown): Fault {
  if (typeof value !== "object" || value === null) throw new TypeError("A fault must be an object");
  const fault = value as Record<string, unknown>;
  const kind = fault["kind"];
  if (typeof kind !== "string" || !KINDS.has(kind as FaultKind["kind"])) {
    throw new TypeError(
      `Unknown fault kind ${JSON.stringify(kind)}; one of: ${[...KINDS].join(", ")}`,
    );
  }
  const required = REQUIRED[kind as FaultKind["kind"]];
  if (required && fault[required] === undefined)
    throw new TypeError(`Fault "${kind}" needs "${required}"`);
  for (const name of ["times", "skip", "status", "delayMs", "bytes", "chunkSize", "intervalMs"]) {
    const option = fault[name];
    if (option !== undefined && (typeof option !== "number" || !(option >= 0))) {
      throw new TypeError(`Fault option "${name}" must be a non-negative number`);
    }
  }
  return value as Fault;
}

interface Queued {
  fault: Fault;
  remaining: number;
  skip: number;
}

/** One-shot (or `times: n`) faults, each taken by the first requests that match it. */
export class FaultQueue {
  private queue: Queued[] = [];

  add(fault: Fault): void {
    this.queue.push({
      fault: validateFault(fault),
      remaining: fault.times ?? 1,
      skip: fault.skip ?? 0,
    });
  }

  take(method: string, rawPath: string): FaultKind | undefined {
    for (const entry of this.queue) {
      if (!matches(entry.fault, method, rawPath)) continue;
      if (entry.skip > 0) {
        entry.skip--;
        continue;
      }
      entry.remaining--;
      this.queue = this.queue.filter((candidate) => candidate.remaining > 0);
      return entry.fault;
    }
    return undefined;
  }

  pending(): Fault[] {
    return this.queue.map((entry) => ({
      ...entry.fault,
      times: entry.remaining,
      skip: entry.skip,
    }));
  }

  clear(): void {
    this.queue = [];
  }
}

function matches(fault: Fault, method: string, rawPath: string): boolean {
  if (fault.method !== undefined && fault.method.toUpperCase() !== method) return false;
  const path = fault.path;
  if (path === undefined) return true;
  if (typeof path === "string") return rawPath.startsWith(path);
  path.lastIndex = 0;
  return path.test(rawPath);
}

const NGINX_PAGE = (status: number, reason: string) =>
  `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

const CLOUDFLARE_PAGE = (status: number, reason: string) =>
  `<!DOCTYPE html>\n<html lang="en-US">\n<head><title>gitlab.example.com | ${status}: ${reason}</title></head>\n<body>\n<div id="cf-error-details">\n<h1>${reason}</h1>\n<span>Error code ${status}</span>\n<p>Visit <a href="https://www.cloudflare.com/">cloudflare.com</a> for more information.</p>\n<p>Cloudflare Ray ID: 8f2b1c3d4e5f6a7b</p>\n</div>\n</body>\n</html>\n`;

/** Cloudflare's own 52x codes, which Node does not name. */
const CLOUDFLARE_REASONS: Record<number, string> = {
  520: "Web server is returning an unknown error",
  521: "Web server is down",
  522: "Connection timed out",
  523: "Origin is unreachable",
  524: "A timeout occurred",
  525: "SSL handshake failed",
  526: "Invalid SSL certificate",
  527: "Railgun Listener to Origin Error",
  530: "Origin DNS error",
};

export function reasonOf(status: number): string {
  return STATUS_CODES[status] ?? CLOUDFLARE_REASONS[status] ?? "Unknown";
}

/** Faults that replace the whole response; undefined for the others. */
export function faultResponse(fault: FaultKind | undefined): SimResponse | undefined {
  switch (fault?.kind) {
    case "status": {
      const reason = reasonOf(fault.status);
      if (fault.page) {
        const page = fault.page === "nginx" ? NGINX_PAGE : CLOUDFLARE_PAGE;
        return {
          status: fault.status,
          headers: { "Content-Type": "text/html", ...fault.headers },
          body: page(fault.status, reason),
        };
      }
      if (typeof fault.body === "string") {
        return {
          status: fault.status,
          headers: { "Content-Type": "text/plain", ...fault.headers },
          body: fault.body,
        };
      }
      return json(
        fault.status,
        fault.body ?? { message: `${fault.status} ${reason}` },
        fault.headers,
      );
    }
    case "rateLimit":
      return rateLimitFault(fault);
    case "redirect":
      return {
        status: fault.status ?? 302,
        headers: { Location: fault.location, "Content-Type": "text/html; charset=utf-8" },
        body: `<html><body>You are being <a href="${fault.location}">redirected</a>.</body></html>`,
      };
    default:
      return undefined;
  }
}

function rateLimitFault(fault: Extract<FaultKind, { kind: "rateLimit" }>): SimResponse {
  const headers: Record<string, string> = {};
  const retryAfter = fault.retryAfter === undefined ? 1 : fault.retryAfter;
  if (retryAfter !== null) headers["Retry-After"] = String(retryAfter);
  if (fault.limit !== undefined) headers["RateLimit-Limit"] = String(fault.limit);
  if (fault.observed !== undefined) headers["RateLimit-Observed"] = String(fault.observed);
  if (fault.remaining !== undefined) headers["RateLimit-Remaining"] = String(fault.remaining);
  if (fault.reset !== undefined) headers["RateLimit-Reset"] = String(fault.reset);
  if (fault.resetTime !== undefined) headers["RateLimit-ResetTime"] = fault.resetTime;
  return {
    status: 429,
    headers: { "Content-Type": "text/plain", ...headers, ...fault.headers },
    body: fault.body ?? "Retry later\n",
  };
}

/** A JSON array of about `bytes` bytes, built once per size since tests repeat it. */
const bigBodies = new Map<number, string>();
function bigBody(bytes: number): string {
  let body = bigBodies.get(bytes);
  if (body === undefined) {
    const padding = "x".repeat(1000);
    const items: string[] = [];
    let size = 2;
    for (let id = 1; size < bytes; id++) {
      const item = JSON.stringify({ id, name: `big-item-${id}`, description: padding });
      items.push(item);
      size += item.length + 1;
    }
    body = `[${items.join(",")}]`;
    bigBodies.set(bytes, body);
  }
  return body;
}

function encode(response: SimResponse, encoding: "gzip" | "deflate"): SimResponse {
  const headers = { ...response.headers, "Content-Encoding": encoding, Vary: "Accept-Encoding" };
  const body = response.body;
  if (typeof body === "string" || Buffer.isBuffer(body)) {
    return { ...response, headers, body: encoding === "gzip" ? gzipSync(body) : deflateSync(body) };
  }
  // A streamed body is compressed as it streams, so its length is no longer known.
  return {
    ...response,
    headers,
    body: {
      stream: () => body.stream().pipe(encoding === "gzip" ? createGzip() : createDeflate()),
    },
  };
}

/** Faults that alter a real response's body or headers. */
export function transformResponse(
  fault: FaultKind | undefined,
  response: SimResponse,
): SimResponse {
  const withHeaders = (headers: Record<string, string>) => ({
    ...response,
    headers: { ...response.headers, ...headers },
  });
  switch (fault?.kind) {
    case "malformedJson":
      return {
        ...withHeaders({ "Content-Type": "application/json" }),
        body: fault.body ?? '{"id": 1, "name": "trunc',
      };
    case "emptyJson":
      return { ...withHeaders({ "Content-Type": "application/json" }), body: "" };
    case "wrongContentType":
      return withHeaders({ "Content-Type": fault.contentType ?? "text/plain" });
    case "gzip":
    case "deflate":
      return encode(response, fault.kind);
    case "big":
      return {
        ...withHeaders({ "Content-Type": "application/json" }),
        body: bigBody(fault.bytes ?? 10 * 1024 * 1024),
      };
    case "badLink":
      return withHeaders({
        Link: fault.link ?? (response.headers["Link"] ?? '<; rel="next"').replaceAll(">", ""),
      });
    case "nextLink":
      return withHeaders({ Link: `<${fault.url}>; rel="next"` });
    case "garbageNextPage":
      return withHeaders({ "X-Next-Page": fault.value ?? "abc" });
    case "emptyPage":
      return { ...response, body: "[]" };
    default:
      return response;
  }
}
