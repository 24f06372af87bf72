import type { Context } from "hono";
import { deleteAgent, getAgent, insertAgent, listAgents, queuesOfAgent, updateAgent } from "../../db/queue-agents.ts";
import { deleteQueue, getQueue, insertQueue, listQueues, updateQueue } from "../../db/queues.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { AppDeps } from "../../http/deps.ts";
import type { AgentStatus } from "../../pbx/queues.ts";
import { auditedWrite, recordAudit } from "../audit/record-audit.ts";
import { addCrudRoutes } from "../crud-router.ts";
import { validationHook } from "../crud-support.ts";
import { toPage } from "../pagination.ts";
import { createApiRouter } from "../router.ts";
import { toAgentView } from "./agent-schemas.ts";
import { callcenterCommands as cc, createCallcenterApplier } from "./apply-to-freeswitch.ts";
import {
  createAgentRoute,
  deleteAgentRoute,
  getAgentRoute,
  listAgentsRoute,
  patchAgentRoute,
  queueRoutes,
  setAgentStatusRoute,
} from "./routes.ts";
import { toQueueView } from "./schemas.ts";

/** Call-centre queues and their agents (mod_callcenter), addressed by queue name and agent extension. */
export function createQueuesRouter(deps: AppDeps) {
  const now = () => new Date((deps.now ?? Date.now)());
  const apply = createCallcenterApplier(deps.esl, deps.log);
  const router = createApiRouter();

  /** A queue reloaded from callcenter.conf, its dropped tiers deleted; a disabled queue unloaded. */
  const queueCommands = (name: string, enabled: boolean, droppedAgents: readonly string[]) => [
    ...droppedAgents.map((a) => cc.delTier(name, a)),
    enabled ? cc.reloadQueue(name) : cc.unloadQueue(name),
  ];

  addCrudRoutes(router, deps, {
    kind: "queues",
    routes: queueRoutes,
    store: { list: listQueues, get: getQueue, insert: insertQueue, update: updateQueue, remove: deleteQueue },
    view: toQueueView,
    apply: {
      created: ({ queue }) => apply.run(queueCommands(queue.name, queue.enabled, [])),
      updated: (before, { queue, tiers }) => {
        const kept = new Set(tiers.map((t) => t.agent));
        const dropped = before.tiers.map((t) => t.agent).filter((a) => !kept.has(a));
        return apply.run(queueCommands(before.queue.name, queue.enabled, dropped));
      },
      deleted: ({ queue, tiers }) => apply.run([...tiers.map((t) => cc.delTier(queue.name, t.agent)), cc.unloadQueue(queue.name)]),
    },
  });

  const agentView = (number: string) => toAgentView(getAgent(deps.db, number), queuesOfAgent(deps.db, number));

  router.openapi(
    listAgentsRoute,
    (c) => {
      const query = c.req.valid("query");
      return c.json(
        toPage(listAgents(deps.db, query), query, (a) => toAgentView(a, queuesOfAgent(deps.db, a.extensionNumber))),
        200,
      );
    },
    validationHook,
  );

  router.openapi(
    createAgentRoute,
    async (c) => {
      const body = c.req.valid("json");
      auditedWrite(deps, c, { kind: "agents", key: body.extension }, (tx) => insertAgent(tx, body));
      const freeswitch = await apply.run([cc.reloadAgent(body.extension)]);
      return c.json({ ...agentView(body.extension), freeswitch }, 201);
    },
    validationHook,
  );

  router.openapi(getAgentRoute, (c) => c.json(agentView(c.req.valid("param").extension), 200), validationHook);

  /**
   * The status is an operator's state rather than configuration: it is not
   * part of the PBX file, so its audit entry is written here. Changed alone
   * over ESL, without reloading the agent (a call it is on stays up).
   */
  const setStatus = async (c: Context, number: string, status: AgentStatus) => {
    const changed = inTransaction(deps.db, (tx) => {
      const from = getAgent(tx, number).status;
      if (from === status) return false;
      updateAgent(tx, number, { status }, now());
      const actor = c.get("auth")?.tokenName ?? "unknown";
      const changes = [{ op: "update" as const, kind: "agents" as const, key: number, changes: [{ field: "status", from, to: status }] }];
      recordAudit(tx, { at: now(), actor, action: `${c.req.method} ${c.req.path}`, changes });
      return true;
    });
    return changed ? apply.run([cc.setStatus(number, status)]) : { applied: true };
  };

  router.openapi(
    patchAgentRoute,
    async (c) => {
      const { extension } = c.req.valid("param");
      const { status, ...rest } = c.req.valid("json");
      getAgent(deps.db, extension);
      const statusApplied = status === undefined ? { applied: true } : await setStatus(c, extension, status);
      if (Object.keys(rest).length === 0) return c.json({ ...agentView(extension), freeswitch: statusApplied }, 200);
      auditedWrite(deps, c, { kind: "agents", key: extension }, (tx) => updateAgent(tx, extension, rest, now()));
      const freeswitch = statusApplied.applied ? await apply.run([cc.reloadAgent(extension)]) : statusApplied;
      return c.json({ ...agentView(extension), freeswitch }, 200);
    },
    validationHook,
  );

  router.openapi(
    setAgentStatusRoute,
    async (c) => {
      const { extension } = c.req.valid("param");
      const freeswitch = await setStatus(c, extension, c.req.valid("json").status);
      return c.json({ ...agentView(extension), freeswitch }, 200);
    },
    validationHook,
  );

  router.openapi(
    deleteAgentRoute,
    async (c) => {
      const { extension } = c.req.valid("param");
      auditedWrite(deps, c, { kind: "agents", key: extension }, (tx) => deleteAgent(tx, extension));
      await apply.run([cc.delAgent(extension)]);
      return c.body(null, 204);
    },
    validationHook,
  );

  return router;
}
