import type { OpenAPIHono } from "@hono/zod-openapi";
import { randomUUID } from "node:crypto";
import { createRoutingLookup } from "../../db/routing-lookup.ts";
import type { EslResult } from "../../esl/port.ts";
import { clickToCallCommand, listenInCommand } from "../../pbx/originate.ts";
import { recordingPath } from "../../pbx/recording-path.ts";
import { routeCall } from "../../pbx/route-call.ts";
import type { AppDeps } from "../../http/deps.ts";
import { ApiError, conflict, invalid, notFound } from "../errors.ts";
import { hangupCommand, recordCommand, transferCommand } from "./call-commands.ts";
import { clickToCallRoute, hangupRoute, listenRoute, recordingRoute, transferRoute } from "./control-routes.ts";
import { eslUnavailable, unwrap } from "./esl-failure.ts";

/** uuid_* commands answer at once; originate waits for the ring timeout, so only its acceptance is awaited. */
export const COMMAND_TIMEOUT_MS = 5_000;

export function addCallControlRoutes(router: OpenAPIHono, deps: AppDeps) {
  const now = deps.now ?? Date.now;
  const pbx = createRoutingLookup(deps.db);
  const ring = deps.config.ringTimeout;

  const requireConnected = () => {
    if (deps.esl.status() !== "connected") throw eslUnavailable();
  };
  const requireChannel = (uuid: string) => {
    const channel = deps.live.snapshot().channels.find((ch) => ch.uuid === uuid);
    if (!channel) throw notFound("channel", uuid);
    return channel;
  };
  const requireRegisteredExtension = (number: string, field: string) => {
    const ext = pbx.extension(number);
    if (!ext?.enabled) throw invalid(field, `${field}: extension ${number} does not exist or is disabled`);
    requireConnected();
    const at = now();
    if (!deps.live.snapshot().registrations.some((r) => r.user === number && r.expiresAt > at)) {
      throw conflict(`extension ${number} has no registered phone`, field);
    }
  };
  const run = async (command: string, uuid: string) => {
    requireConnected();
    const message = unwrap(await deps.esl.api(command, { timeout: COMMAND_TIMEOUT_MS }), uuid);
    deps.log.info({ command }, "call control");
    return { ok: true as const, message };
  };
  /** Fire an originate; its outcome arrives as channel events (or not at all), never as the HTTP answer. */
  const originate = (command: string, uuid: string) => {
    void deps.esl.bgapi(command, { timeout: (ring + 30) * 1000 }).then((result: EslResult) => {
      const reply = result.ok ? result.value.trim() : `${result.kind}: ${result.message}`;
      if (result.ok && reply.startsWith("+OK")) deps.log.info({ uuid }, "originate answered");
      else deps.log.warn({ uuid, reply }, "originate failed");
    });
  };

  router.openapi(clickToCallRoute, (c) => {
    const { from, to, gateway } = c.req.valid("json");
    if (!pbx.extension(from)?.enabled) throw invalid("from", `from: extension ${from} does not exist or is disabled`);
    const decision = routeCall({ context: "default", destination: to, callerExtension: from }, pbx);
    const target = decision.target;
    if (target.kind === "reject") throw invalid("to", `to: ${target.reason} (${target.cause})`);
    if (gateway && (target.kind !== "gateway" || target.gateway !== gateway)) {
      const actual = target.kind === "gateway" ? `route ${target.route} uses gateway ${target.gateway}` : `${to} is an extension`;
      throw invalid("gateway", `gateway: ${actual}, not ${gateway}`);
    }
    requireRegisteredExtension(from, "from");
    const uuid = randomUUID();
    originate(clickToCallCommand({ uuid, extension: from, to, domain: deps.config.domain, ringTimeoutSeconds: ring }), uuid);
    c.header("Location", `/api/v1/calls/${uuid}`);
    return c.json({ uuid }, 202);
  });

  router.openapi(hangupRoute, async (c) => {
    const { uuid } = c.req.valid("param");
    const { cause } = c.req.valid("query");
    requireChannel(uuid);
    return c.json(await run(hangupCommand(uuid, cause), uuid), 200);
  });

  router.openapi(transferRoute, async (c) => {
    const { uuid } = c.req.valid("param");
    const { to } = c.req.valid("json");
    requireChannel(uuid);
    // The same rule context `transfer` applies, checked first so the API never says 200 for a leg the dialplan hangs up.
    const target = routeCall({ context: "transfer", destination: to }, pbx).target;
    if (target.kind === "reject") throw invalid("to", `to: extension ${to} does not exist or is disabled`);
    return c.json(await run(transferCommand(uuid, to), uuid), 200);
  });

  router.openapi(recordingRoute, async (c) => {
    const { uuid } = c.req.valid("param");
    const { action } = c.req.valid("json");
    const channel = requireChannel(uuid);
    if (action === "start" && channel.recording) throw conflict(`channel ${uuid} is already recording to ${channel.recordingPath}`);
    // Stop what we saw start; after a restart we may not know the file, and "all" stops every recording on the leg.
    const path =
      action === "stop"
        ? (channel.recording && channel.recordingPath) || "all"
        : recordingPath(deps.config.recordingsDir, uuid, new Date(now()));
    if (!path) throw new ApiError(500, "internal", "the recordings directory is not a safe path; fix CALLBOARD_RECORDINGS_DIR");
    try {
      return c.json(await run(recordCommand(uuid, action, path), uuid), 200);
    } catch (err) {
      if (action === "stop" && err instanceof ApiError && /cannot stop record session/i.test(err.message)) {
        throw conflict(`channel ${uuid} is not recording`);
      }
      throw err;
    }
  });

  router.openapi(listenRoute, (c) => {
    const { uuid: target } = c.req.valid("param");
    const { extension } = c.req.valid("json");
    requireChannel(target);
    requireRegisteredExtension(extension, "extension");
    const uuid = randomUUID();
    originate(listenInCommand({ uuid, extension, target, domain: deps.config.domain, ringTimeoutSeconds: ring }), uuid);
    return c.json({ uuid }, 202);
  });
}
