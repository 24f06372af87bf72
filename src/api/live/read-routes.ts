import { createRoute, type z, type OpenAPIHono } from "@hono/zod-openapi";
import { listErrors, readErrors } from "../crud-support.ts";
import type { AppDeps } from "../../http/deps.ts";
import { zCall, zChannel, zListOf, zQueueAgentState, zQueueCaller, zRegistration, zSwitchStatus } from "./schemas.ts";

const tags = ["live"];
const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const list = <T extends z.ZodType>(path: string, operationId: string, item: T, name: string, summary: string) =>
  createRoute({ method: "get", path, operationId, tags, summary, responses: { 200: json(zListOf(item, name), summary), ...listErrors } });

const channelsRoute = list("/channels", "listChannels", zChannel, "ChannelList", "Live channels (call legs), oldest first");
const callsRoute = list("/calls", "listCalls", zCall, "CallList", "Live calls: bridged pairs, or one leg while it rings");
const registrationsRoute = list("/registrations", "listRegistrations", zRegistration, "RegistrationList", "Registered phones, one entry per device");
const queueCallersRoute = list(
  "/queue-callers",
  "listQueueCallers",
  zQueueCaller,
  "QueueCallerList",
  "Callers in call-centre queues, longest waiting first: waiting, or answered by an agent (from mod_callcenter's events)",
);
const queueAgentsRoute = list("/queue-agents", "listQueueAgents", zQueueAgentState, "QueueAgentList", "Queue agents' status and state as FreeSWITCH reported them, by name");
const statusRoute = createRoute({
  method: "get",
  path: "/status",
  operationId: "getSwitchStatus",
  tags,
  summary: "Is FreeSWITCH connected, its version, uptime and sessions",
  responses: { 200: json(zSwitchStatus, "switch status"), ...readErrors },
});

const byCreated = <T extends { createdAt: number }>(items: T[]) => [...items].sort((a, b) => a.createdAt - b.createdAt);

/** Read-only views of the live state; they never wait on FreeSWITCH. */
export function addLiveReadRoutes(router: OpenAPIHono, deps: AppDeps) {
  const now = deps.now ?? Date.now;
  const page = <T>(items: T[], seq: number) => ({ items, total: items.length, seq });

  router.openapi(channelsRoute, (c) => {
    const snap = deps.live.snapshot();
    return c.json(page(byCreated(snap.channels), snap.seq), 200);
  });
  router.openapi(queueCallersRoute, (c) => {
    const snap = deps.live.snapshot();
    return c.json(page([...snap.queueCallers].sort((a, b) => a.joinedAt - b.joinedAt), snap.seq), 200);
  });
  router.openapi(queueAgentsRoute, (c) => {
    const snap = deps.live.snapshot();
    return c.json(page([...snap.queueAgents].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), snap.seq), 200);
  });
  router.openapi(callsRoute, (c) => {
    const snap = deps.live.snapshot();
    return c.json(page(byCreated(snap.calls), snap.seq), 200);
  });
  router.openapi(registrationsRoute, (c) => {
    const snap = deps.live.snapshot();
    const at = now();
    const live = snap.registrations.filter((r) => r.expiresAt > at).sort((a, b) => a.id.localeCompare(b.id));
    return c.json(page(live, snap.seq), 200);
  });
  router.openapi(statusRoute, (c) => {
    const status = deps.live.snapshot().status;
    const uptimeSeconds = status.upSince !== undefined ? Math.max(0, Math.floor((now() - status.upSince) / 1000)) : undefined;
    return c.json({ ...status, ...(uptimeSeconds !== undefined ? { uptimeSeconds } : {}) }, 200);
  });
}
