import type { AppDeps } from "../../http/deps.ts";
import { createApiRouter } from "../router.ts";
import { addEventsRoute } from "../events-ws.ts";
import { addCallControlRoutes } from "./call-control.ts";
import { eventsRoute } from "./events-doc.ts";
import { addLiveReadRoutes } from "./read-routes.ts";

/** /channels, /calls, /registrations, /status, call control and the /events WebSocket. */
export function createLiveRouter(deps: AppDeps) {
  const router = createApiRouter();
  addLiveReadRoutes(router, deps);
  addCallControlRoutes(router, deps);
  addEventsRoute(router, deps);
  router.openAPIRegistry.registerPath(eventsRoute);
  return router;
}
