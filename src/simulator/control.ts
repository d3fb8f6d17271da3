import { validateFault } from "./faults.js";
import type { FaultQueue } from "./faults.js";
import { json, noContent } from "./http/response.js";
import type { SimResponse } from "./http/response.js";
import type { Fault, RecordedRequest, SimulatorInfo } from "./types.js";

export interface ControlTarget {
  log: RecordedRequest[];
  faults: FaultQueue;
  reset: () => void;
  info: () => SimulatorInfo;
}

/** A fault as JSON can't hold a RegExp: `pathRegex` (and `pathFlags`) stand for one. */
function faultFromJson(value: unknown): Fault {
  if (typeof value === "object" && value !== null && "pathRegex" in value) {
    const { pathRegex, pathFlags, ...rest } = value as { pathRegex: unknown; pathFlags?: unknown };
    return validateFault({
      ...rest,
      path: new RegExp(String(pathRegex), typeof pathFlags === "string" ? pathFlags : ""),
    });
  }
  return validateFault(value);
}

function pendingJson(fault: Fault): unknown {
  return fault.path instanceof RegExp
    ? { ...fault, path: undefined, pathRegex: fault.path.source, pathFlags: fault.path.flags }
    : fault;
}

/**
 * The control API under `/-/simulator/`, for processes that did not start the simulator (the CLI
 * case). Unauthenticated: it is a local test tool bound to 127.0.0.1 by default.
 */
export function handleControl(
  target: ControlTarget,
  method: string,
  rawPath: string,
  body: Buffer,
): SimResponse {
  const route = `${method} ${rawPath.replace(/\/+$/, "")}`;
  switch (route) {
    case "GET /-/simulator/info":
      return json(200, target.info());
    case "GET /-/simulator/requests":
      return json(
        200,
        target.log.map((request) => ({ ...request, body: request.body.toString("base64") })),
      );
    case "DELETE /-/simulator/requests":
      target.log.length = 0;
      return noContent();
    case "GET /-/simulator/faults":
      return json(200, target.faults.pending().map(pendingJson));
    case "POST /-/simulator/faults": {
      try {
        const parsed: unknown = JSON.parse(body.toString("utf8"));
        const faults = (Array.isArray(parsed) ? parsed : [parsed]).map(faultFromJson);
        for (const fault of faults) target.faults.add(fault);
        return json(201, { queued: faults.length });
      } catch (error) {
        return json(400, { error: (error as Error).message });
      }
    }
    case "DELETE /-/simulator/faults":
      target.faults.clear();
      return noContent();
    case "POST /-/simulator/reset":
      target.reset();
      return noContent();
    default:
      return json(404, { error: "404 Not Found" });
  }
}
