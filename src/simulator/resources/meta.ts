import { json } from "../http/response.js";
import type { Router } from "../router.js";
import { sha } from "../state/generate.js";

export function registerMeta(router: Router): void {
  // GitLab answers /version to signed-in users only.
  router.on(
    "GET",
    "/version",
    (ctx) =>
      json(200, {
        version: ctx.state.version,
        revision: sha("revision", ctx.state.version).slice(0, 11),
        kas: { enabled: false, externalUrl: null, externalK8sProxyUrl: null, version: null },
        enterprise: ctx.state.version.endsWith("-ee"),
      }),
    { auth: true },
  );
}
