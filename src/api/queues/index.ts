import type { Context } from "hono";
import { deleteAgent, getAgent, insertAgent, listAgents, queuesOfAgent, updateAgent } from "../../db/queue-agents.ts";
import { deleteQueue, getQueue, insertQueue, listQueues, updateQueue } from "../../db/queues.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { AppDeps } from "../../http/deps.ts";
import type { AgentStatus } from "../../pbx/queues.ts";
import { auditedWrite, recordAudit } from "../audit/record-audit.ts";
import { validationHook } from "../crud-support.ts";
import { toPage } from "../pagination.ts";
import { createApiRouter } from "../router.ts";
import { toAgentView } from "./agent-schemas.ts";
import { callcenterCommands as cc, createCallcenterApplier } from "./apply-to-freeswitch.ts";
import {
  createAgentRoute,
  createQueueRoute,
  deleteAgentRoute,
  deleteQueueRoute,
  getAgentRoute,
  getQueueRoute,
  listAgentsRoute,
  listQueuesRoute,
  patchAgentRoute,
  patchQueueRoute,
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

  router.openapi(
    listQueuesRoute,
    (c) => {
      const query = c.req.valid("query");
      return c.json(toPage(listQueues(deps.db, query), query, toQueueView), 200);
    },
    validationHook,
  );

  router.openapi(
    createQueueRoute,
    async (c) => {
      const body = c.req.valid("json");
      const row = auditedWrite(deps, c, { kind: "queues", key: body.name }, (tx) => insertQueue(tx, body));
      const freeswitch = await apply.run(queueCommands(row.queue.name, row.queue.enabled, []));
      return c.json({ ...toQueueView(row), freeswitch }, 201);
    },
    validationHook,
  );

  router.openapi(getQueueRoute, (c) => c.json(toQueueView(getQueue(deps.db, c.req.valid("param").name)), 200), validationHook);

  router.openapi(
    patchQueueRoute,
    async (c) => {
      const { name } = c.req.valid("param");
      const before = getQueue(deps.db, name).tiers.map((t) => t.agent);
      const row = auditedWrite(deps, c, { kind: "queues", key: name }, (tx) => updateQueue(tx, name, c.req.valid("json"), now()));
      const kept = new Set(row.tiers.map((t) => t.agent));
      const freeswitch = await apply.run(queueCommands(name, row.queue.enabled, before.filter((a) => !kept.has(a))));
      return c.json({ ...toQueueView(row), freeswitch }, 200);
    },
    validationHook,
  );

  router.openapi(
    deleteQueueRoute,
    async (c) => {
      const { name } = c.req.valid("param");
      const { tiers } = getQueue(deps.db, name);
      auditedWrite(deps, c, { kind: "queues", key: name }, (tx) => deleteQueue(tx, name));
      const freeswitch = await apply.run([...tiers.map((t) => cc.delTier(name, t.agent)), cc.unloadQueue(name)]);
      return c.json({ name, deleted: true as const, freeswitch }, 200);
    },
    validationHook,
  );

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
