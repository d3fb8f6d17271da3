import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { setTimeout as delay } from "node:timers/promises";
import type { FaultKind } from "../types.js";
import type { SimResponse } from "./response.js";

/** Faults that change how the bytes travel rather than what they are. */
export type Delivery = Extract<FaultKind, { kind: "resetMidBody" | "truncate" | "trickleBody" }>;

export function deliveryOf(fault: FaultKind | undefined): Delivery | undefined {
  return fault?.kind === "resetMidBody" ||
    fault?.kind === "truncate" ||
    fault?.kind === "trickleBody"
    ? fault
    : undefined;
}

function write(res: ServerResponse, chunk: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve(false);
    res.write(chunk, (error) => resolve(!error));
  });
}

/** Writes a response, honouring HEAD (headers only) and any delivery fault, over the real socket. */
export async function writeResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: SimResponse,
  delivery: Delivery | undefined,
): Promise<void> {
  const body = response.body;
  const streamed = typeof body === "string" || Buffer.isBuffer(body) ? undefined : body;
  const buffered = streamed ? undefined : Buffer.from(body as string | Buffer);
  const length = buffered ? buffered.length : streamed?.length;
  const headers: Record<string, string> = { ...response.headers };
  if (length !== undefined && response.status !== 204 && response.status !== 304) {
    headers["Content-Length"] = String(length);
  }
  res.writeHead(response.status, headers);
  if (req.method === "HEAD" || response.status === 204 || response.status === 304) {
    res.end();
    return;
  }
  if (!delivery) {
    if (streamed) await pipeline(streamed.stream(), res).catch(() => undefined);
    else res.end(buffered);
    return;
  }
  await deliverWithFault(
    res,
    streamed ? streamed.stream() : [buffered as Buffer],
    length ?? 0,
    delivery,
  );
}

async function deliverWithFault(
  res: ServerResponse,
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  length: number,
  delivery: Delivery,
): Promise<void> {
  const socket = res.socket;
  if (delivery.kind === "trickleBody") {
    const size = Math.max(1, delivery.chunkSize ?? 16);
    for await (const chunk of chunks) {
      for (let offset = 0; offset < chunk.length; offset += size) {
        if (!(await write(res, chunk.subarray(offset, offset + size)))) return;
        await delay(delivery.intervalMs ?? 50);
      }
    }
    res.end();
    return;
  }
  // resetMidBody and truncate: send part of the body under the full Content-Length, then cut.
  let budget = delivery.bytes ?? Math.floor(length / 2);
  res.flushHeaders();
  for await (const chunk of chunks) {
    if (budget <= 0) break;
    const part = chunk.subarray(0, budget);
    budget -= part.length;
    if (!(await write(res, part))) return;
  }
  // An RST (destroy) for a reset; a clean FIN (end) short of Content-Length for a truncation.
  if (delivery.kind === "resetMidBody") socket?.resetAndDestroy();
  else socket?.end();
}
