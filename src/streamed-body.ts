import { PassThrough, type Readable } from "node:stream";
import { connectionError } from "./error-mapping.js";
import { GitlabAbortError } from "./errors.js";
import type { Deadline } from "./deadline.js";

/**
 * A streamed body outlives the call that fetched it. The caller's signal must still cancel it, so
 * the attempt's deadline is released only when the stream closes; and the socket's errors become
 * GitlabErrors, never axios's (which hold the request config, auth header included).
 */
export function handOverStream(
  body: Readable,
  call: {
    method: string;
    url: string;
    deadline: Deadline;
    signal: AbortSignal | undefined;
    redact: (text: string) => string;
  },
): Readable {
  const guarded = new PassThrough();
  body.on("error", (error: Error) => {
    guarded.destroy(
      call.signal?.aborted
        ? new GitlabAbortError(call.method, call.url)
        : connectionError(
            call.method,
            call.url,
            (error as { code?: string }).code ?? "ECONNRESET",
            error.message,
            true,
            call.redact,
          ),
    );
  });
  // A consumer that stops early (break, destroy) frees the socket.
  guarded.once("close", () => {
    body.destroy();
    call.deadline.dispose();
  });
  return body.pipe(guarded);
}
