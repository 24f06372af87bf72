import type { AppDeps } from "../deps.ts";
import { createApiRouter } from "../router.ts";

export function createLiveRouter(_deps: AppDeps) {
  return createApiRouter();
}
