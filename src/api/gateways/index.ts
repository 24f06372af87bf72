import type { AppDeps } from "../deps.ts";
import { createApiRouter } from "../router.ts";

export function createGatewaysRouter(_deps: AppDeps) {
  return createApiRouter();
}
