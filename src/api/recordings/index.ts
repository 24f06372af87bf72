import type { AppDeps } from "../deps.ts";
import { createApiRouter } from "../router.ts";

export function createRecordingsRouter(_deps: AppDeps) {
  return createApiRouter();
}
