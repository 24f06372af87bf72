import type { AppDeps } from "../deps.ts";
import { createApiRouter } from "../router.ts";

export function createDidsRouter(_deps: AppDeps) {
  return createApiRouter();
}
