import type { Context } from "hono";
import { type AgentChange, agentRows, deleteAgent, getAgent, insertAgent, listAgents, queuesOfAgent } from "../../db/queue-agents.ts";
import { deleteQueue, getQueue, insertQueue, listQueues, queueRows, updateQueue } from "../../db/queues.ts";
import type { AppDeps } from "../../http/deps.ts";
import { auditedWrite } from "../audit/record-audit.ts";
import { addCrudRoutes } from "../crud-router.ts";
import { validationHook } from "../crud-support.ts";
import { toPage } from "../pagination.ts";
import { createApiRouter } from "../router.ts";
import { toAgentView } from "./agent-schemas.ts";
import { writeAgent } from "./agent-write.ts";
import { type CallcenterApplier, callcenterCommands as cc, createCallcenterApplier } from "./apply-to-freeswitch.ts";
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

/** One per running system: the queue routes and a PBX-file apply both bring mod_callcenter in step through it. */
export function createQueuesCallcenter(deps: AppDeps): CallcenterApplier {
  return createCallcenterApplier({
    esl: deps.esl,
    log: deps.log,
    wanted: () => ({ queues: queueRows(deps.db).filter((q) => q.enabled), agents: agentRows(deps.db), domain: deps.config.domain }),
  });
}

/** Call-centre queues and their agents (mod_callcenter), addressed by queue name and agent extension. */
export function createQueuesRouter(deps: AppDeps, apply: CallcenterApplier) {
  const now = () => new Date((deps.now ?? Date.now)());
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

  /** Committed first; then FreeSWITCH is told: the status alone, and the agent reloaded from callcenter.conf when other fields changed. */
  const changeAgent = async (c: Context, number: string, patch: AgentChange) => {
    const { statusChanged, fieldsChanged } = writeAgent(deps, c, number, patch);
    return apply.run([
      ...(statusChanged && patch.status ? [cc.setStatus(number, patch.status)] : []),
      ...(fieldsChanged ? [cc.reloadAgent(number)] : []),
    ]);
  };

  router.openapi(
    patchAgentRoute,
    async (c) => {
      const { extension } = c.req.valid("param");
      const freeswitch = await changeAgent(c, extension, c.req.valid("json"));
      return c.json({ ...agentView(extension), freeswitch }, 200);
    },
    validationHook,
  );

  router.openapi(
    setAgentStatusRoute,
    async (c) => {
      const { extension } = c.req.valid("param");
      const freeswitch = await changeAgent(c, extension, { status: c.req.valid("json").status });
      return c.json({ ...agentView(extension), freeswitch }, 200);
    },
    validationHook,
  );

  router.openapi(
    deleteAgentRoute,
    async (c) => {
      const { extension } = c.req.valid("param");
      auditedWrite(deps, c, { kind: "agents", key: extension }, (tx) => deleteAgent(tx, extension));
      const freeswitch = await apply.run([cc.delAgent(extension)]);
      return c.json({ extension, deleted: true as const, freeswitch }, 200);
    },
    validationHook,
  );

  return router;
}
