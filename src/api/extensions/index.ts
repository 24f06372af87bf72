import type { AppDeps } from "../deps.ts";
import { createApiRouter } from "../router.ts";

export function createExtensionsRouter(_deps: AppDeps) {
  return createApiRouter();
}
