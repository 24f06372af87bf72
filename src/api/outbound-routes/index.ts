import type { AppDeps } from "../deps.ts";
import { createApiRouter } from "../router.ts";

export function createOutboundRoutesRouter(_deps: AppDeps) {
  return createApiRouter();
}
