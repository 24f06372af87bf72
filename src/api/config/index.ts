import { readCurrentState } from "../../pbx-file/current-state.ts";
import { countChanges } from "../../pbx-file/diff-state.ts";
import { renderPbxYaml, toPbxDocument } from "../../pbx-file/export-document.ts";
import { pbxFileJsonSchema } from "../../pbx-file/file-schema.ts";
import type { SecretSource } from "../../pbx-file/read-pbx-file.ts";
import { renderErrors, renderPlan } from "../../pbx-file/render-plan.ts";
import { applyConfig, type ConfigInput, type EngineDeps, planConfig } from "../../pbx-file/run-config.ts";
import type { PathError, Plan } from "../../pbx-file/state.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { validationHook } from "../crud-support.ts";
import type { AppDeps } from "../../http/deps.ts";
import { ApiError } from "../errors.ts";
import { createGatewayApplier } from "../gateways/apply-to-freeswitch.ts";
import type { CallcenterApplier } from "../queues/apply-to-freeswitch.ts";
import type { FreeswitchApplied } from "../gateways/schemas.ts";
import { createApiRouter } from "../router.ts";
import { flushFreeswitchUser } from "../../xmlcurl/freeswitch-user-cache.ts";
import { applyRoute, exportRoute, planRoute, schemaRoute } from "./routes.ts";
import type { ConfigRequest } from "./schemas.ts";

/** Over REST the references resolve only against what the client sent: never the server's environment or disk. */
function sentSecrets(body: ConfigRequest): SecretSource {
  const lookup = (map: Record<string, string> | undefined, key: string) => (map && Object.hasOwn(map, key) ? map[key] : undefined);
  return { env: (name) => lookup(body.secrets?.env, name), file: (path) => lookup(body.secrets?.file, path) };
}

const toInput = (body: ConfigRequest): ConfigInput => ({ config: body.config, secrets: sentSecrets(body), prune: body.prune, expect: body.expect });

const planBody = (plan: Plan, fingerprint: string) => ({
  changed: plan.changes.length > 0,
  summary: countChanges(plan),
  changes: plan.changes,
  absent: plan.absent,
  prune: plan.prune,
  fingerprint,
  text: renderPlan(plan),
});

const invalidBody = (errors: PathError[]) => ({
  error: { code: "invalid" as const, message: renderErrors(errors).split("\n")[0]!.replace(/:$/, "") },
  errors,
});

/** The PBX as one file: export, its JSON Schema, plan and apply (docs/pbx-file.md). */
export function createConfigRouter(deps: AppDeps, callcenter: CallcenterApplier) {
  const router = createApiRouter();
  const gateways = createGatewayApplier(deps.esl, deps.log);
  const engine: EngineDeps = { db: deps.db, realm: deps.config.domain, secrets: deps.secrets, now: () => new Date((deps.now ?? Date.now)()) };

  /** As the gateway routes do, batched: killgw for each gateway changed or deleted, then one rescan for all. */
  async function tellFreeswitch(plan: Plan): Promise<FreeswitchApplied | null> {
    const changed = plan.changes.filter((c) => c.kind === "gateways");
    if (changed.length === 0) return null;
    const results: FreeswitchApplied[] = [];
    for (const c of changed) if (c.op !== "create") results.push(await gateways.deleted(c.key));
    if (changed.some((c) => c.op !== "delete")) results.push(await gateways.created());
    return results.find((r) => !r.applied) ?? { applied: true };
  }

  /**
   * A file's queues and agents reach mod_callcenter as the reconcile after a
   * failed REST command does: read what it holds, send what differs. One
   * exchange for the whole file, whatever it changed.
   */
  async function tellCallcenter(plan: Plan): Promise<FreeswitchApplied | null> {
    if (!plan.changes.some((c) => c.kind === "queues" || c.kind === "agents")) return null;
    if (await callcenter.reconcile()) return { applied: true };
    return { applied: false, error: "mod_callcenter not brought in step with the file yet", pending: true };
  }

  /** As the extension routes do: FreeSWITCH forgets each changed user, so its next REGISTER or call asks again. */
  const forgetUsers = (plan: Plan) =>
    Promise.all(plan.changes.filter((c) => c.kind === "extensions").map((c) => flushFreeswitchUser(deps.esl, deps.log, deps.config.domain, c.key)));

  router.openapi(
    exportRoute,
    (c) => {
      const document = toPbxDocument(readCurrentState({ db: deps.db, realm: deps.config.domain }));
      if (c.req.valid("query").format === "json") return c.json(document, 200);
      return c.body(renderPbxYaml(document), 200, { "Content-Type": "application/yaml; charset=utf-8" });
    },
    validationHook,
  );

  router.openapi(schemaRoute, (c) => c.json(pbxFileJsonSchema(), 200), validationHook);

  router.openapi(
    planRoute,
    (c) => {
      const outcome = planConfig(engine, toInput(c.req.valid("json")));
      if (outcome.status === "invalid") return c.json(invalidBody(outcome.errors), 422);
      if (outcome.status !== "planned") throw new Error(`plan ended ${outcome.status}`);
      return c.json(planBody(outcome.plan, outcome.fingerprint), 200);
    },
    validationHook,
  );

  router.openapi(
    applyRoute,
    async (c) => {
      const actor = c.get("auth").tokenName;
      const at = engine.now();
      const outcome = applyConfig(engine, toInput(c.req.valid("json")), (tx, plan) =>
        recordAudit(tx, { at, actor, action: "config apply", changes: plan.changes }),
      );
      if (outcome.status === "invalid") return c.json(invalidBody(outcome.errors), 422);
      if (outcome.status === "stale") {
        throw new ApiError(409, "stale_plan", "the PBX changed since that plan was made; nothing was changed: review the new plan");
      }
      if (outcome.status !== "applied") throw new Error(`apply ended ${outcome.status}`);
      const { plan, fingerprint, passwords } = outcome;
      if (plan.changes.length > 0) deps.log.info({ actor, ...countChanges(plan) }, "configuration applied from a file");
      const told = [await tellFreeswitch(plan), await tellCallcenter(plan)].filter((r) => r !== null);
      const freeswitch = told.length === 0 ? null : (told.find((r) => !r.applied) ?? { applied: true });
      await forgetUsers(plan);
      c.header("Cache-Control", "no-store");
      return c.json({ ...planBody(plan, fingerprint), passwords, freeswitch }, 200);
    },
    validationHook,
  );

  return router;
}
