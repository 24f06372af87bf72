import { deleteExtension, getExtension, insertExtension, listExtensions, updateExtension } from "../../db/extensions.ts";
import { generatePassword, passwordWeakness } from "../../pbx/passwords.ts";
import { flushFreeswitchUser } from "../../xmlcurl/freeswitch-user-cache.ts";
import { auditedWrite } from "../audit/record-audit.ts";
import { validationHook } from "../crud-support.ts";
import type { AppDeps } from "../../http/deps.ts";
import { invalid } from "../errors.ts";
import { toPage } from "../pagination.ts";
import { createApiRouter } from "../router.ts";
import { createExtensionRoute, deleteRoute, getRoute, listRoute, patchRoute, resetPasswordRoute } from "./routes.ts";
import { toExtensionView } from "./schemas.ts";

function checkPassword(number: string, password: string) {
  const weakness = passwordWeakness(number, password);
  if (weakness) throw invalid("password", `password: ${weakness}`);
}

/** Phones' SIP accounts. Passwords live only as a1-hash for realm = the SIP domain. */
export function createExtensionsRouter(deps: AppDeps) {
  const realm = deps.config.domain;
  const now = () => new Date((deps.now ?? Date.now)());
  // FreeSWITCH keeps the users it was given: after each committed write it is told to forget this one.
  const forget = (number: string) => flushFreeswitchUser(deps.esl, deps.log, realm, number);
  const router = createApiRouter();

  router.openapi(
    listRoute,
    (c) => {
      const query = c.req.valid("query");
      return c.json(toPage(listExtensions(deps.db, query), query, (row) => toExtensionView(row, realm)), 200);
    },
    validationHook,
  );

  router.openapi(
    createExtensionRoute,
    async (c) => {
      const body = c.req.valid("json");
      if (body.password !== undefined) checkPassword(body.number, body.password);
      const password = body.password ?? generatePassword();
      const row = auditedWrite(deps, c, { kind: "extensions", key: body.number }, (tx) => insertExtension(tx, body, realm, password));
      await forget(row.number);
      c.header("Cache-Control", "no-store");
      return c.json({ ...toExtensionView(row, realm), password }, 201);
    },
    validationHook,
  );

  router.openapi(getRoute, (c) => c.json(toExtensionView(getExtension(deps.db, c.req.valid("param").number), realm), 200), validationHook);

  router.openapi(
    patchRoute,
    async (c) => {
      const { number } = c.req.valid("param");
      const patch = c.req.valid("json");
      if (patch.password !== undefined) checkPassword(number, patch.password);
      const row = auditedWrite(deps, c, { kind: "extensions", key: number }, (tx) => updateExtension(tx, number, patch, realm, now()));
      await forget(number);
      return c.json(toExtensionView(row, realm), 200);
    },
    validationHook,
  );

  router.openapi(
    deleteRoute,
    async (c) => {
      const { number } = c.req.valid("param");
      auditedWrite(deps, c, { kind: "extensions", key: number }, (tx) => deleteExtension(tx, number));
      await forget(number);
      return c.body(null, 204);
    },
    validationHook,
  );

  router.openapi(
    resetPasswordRoute,
    async (c) => {
      const { number } = c.req.valid("param");
      const password = generatePassword();
      const row = auditedWrite(deps, c, { kind: "extensions", key: number }, (tx) => updateExtension(tx, number, { password }, realm, now()));
      await forget(number);
      c.header("Cache-Control", "no-store");
      return c.json({ ...toExtensionView(row, realm), password }, 200);
    },
    validationHook,
  );

  return router;
}
