import type { AppDeps } from "../deps.ts";
import { createApiRouter } from "../router.ts";

export function createCdrsRouter(_deps: AppDeps) {
  return createApiRouter();
}
