// A recording proxy between the client and Prism. The generated functions return decoded bodies, not
// the response headers where Prism reports violations (sl-violations), and the contract also wants to
// see the exact bytes the client sent (encoded path, query string, content type). So every request
// goes through here: it is recorded under the id the test put in CONTRACT_ID_HEADER, that header is
// removed (Prism sees exactly the client's request), and Prism's answer is recorded and passed back.

import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from "node:http";

export const CONTRACT_ID_HEADER = "x-contract-test-id";

export interface Exchange {
  readonly method: string;
  /** The request target as received: path and query string, still percent-encoded. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly status: number;
  readonly responseHeaders: IncomingHttpHeaders;
  /** At most RESPONSE_KEEP bytes, as text: enough for a Prism problem document. */
  readonly responseBody: string;
}

export interface Recorder {
  readonly url: string;
  /** Every exchange recorded under `id`, oldest first (a retry would show up as a second one). */
  take(id: string): Exchange[];
  close(): Promise<void>;
}

const RESPONSE_KEEP = 16 * 1024;
// Connection-level headers belong to each hop; the proxy sends its body fully buffered.
const HOP_HEADERS = new Set([
  "host",
  "connection",
  "keep-alive",
  "transfer-encoding",
  CONTRACT_ID_HEADER,
]);

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function forward(
  target: URL,
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const outgoing: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_HEADERS.has(name)) outgoing[name] = value;
  }
  // A client that streamed its body (chunked) arrives here buffered: give Prism its length instead.
  if (body.length > 0 || headers["content-length"] !== undefined)
    outgoing["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: target.hostname, port: target.port, method, path: url, headers: outgoing },
      (res) => {
        readAll(res).then(
          (data) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }),
          reject,
        );
      },
    );
    req.once("error", reject);
    req.end(body);
  });
}

export async function startRecorder(prismUrl: string): Promise<Recorder> {
  const target = new URL(prismUrl);
  const exchanges = new Map<string, Exchange[]>();
  let unlabelled = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const rawId = req.headers[CONTRACT_ID_HEADER];
      const id = typeof rawId === "string" ? rawId : `unlabelled-${++unlabelled}`;
      const method = req.method ?? "GET";
      const url = req.url ?? "/";
      const body = await readAll(req);
      try {
        const answer = await forward(target, method, url, req.headers, body);
        const list = exchanges.get(id) ?? [];
        list.push({
          method,
          url,
          headers: req.headers,
          body,
          status: answer.status,
          responseHeaders: answer.headers,
          responseBody: answer.body.subarray(0, RESPONSE_KEEP).toString("utf8"),
        });
        exchanges.set(id, list);
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && !HOP_HEADERS.has(name)) headers[name] = value;
        }
        headers["content-length"] = String(answer.body.length);
        res.writeHead(answer.status, headers);
        res.end(method === "HEAD" ? undefined : answer.body);
      } catch (error) {
        // Prism unreachable: a 502 the client reports, recorded nowhere, so the test fails on "no exchange".
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(`contract recorder: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("recorder has no address");
  return {
    url: `http://127.0.0.1:${address.port}`,
    take(id) {
      const list = exchanges.get(id) ?? [];
      exchanges.delete(id);
      return list;
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
