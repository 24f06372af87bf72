import { randomBytes } from "node:crypto";
import { mkdir, rename, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Context } from "hono";
import { appendAudit } from "../../db/audit-log.ts";
import { inTransaction, type Tx } from "../../db/transaction.ts";
import { getVoicemailBox, setVoicemailBox, setVoicemailGreeting, type VoicemailBoxRow } from "../../db/voicemail-boxes.ts";
import type { AppDeps } from "../../http/deps.ts";
import { greetingFileName, pinWeakness, voicemailPinHash } from "../../pbx/voicemail.ts";
import { soundBodyLimit } from "../body-limits.ts";
import { readWav } from "../sounds/read-wav.ts";
import { flushFreeswitchUser } from "../../xmlcurl/freeswitch-user-cache.ts";
import { ApiError, invalid } from "../errors.ts";
import { locateRecording } from "../recordings/recording-file.ts";
import { audioFileResponse } from "../recordings/file-response.ts";
import { createApiRouter } from "../router.ts";
import { validationHook } from "../crud-support.ts";
import { createBoxMessages } from "./box-messages.ts";
import { deleteGreetingRoute, deleteMessageRoute, getBoxRoute, listMessagesRoute, messageAudioRoute, putBoxRoute, putGreetingRoute } from "./routes.ts";
import { toBoxView, toMessageView } from "./schemas.ts";

type Audited = { summary: string; changes: unknown[] };

/**
 * Voicemail boxes over REST. The box's settings are columns of the
 * extension (in the database, the directory and the PBX file's `voicemail`);
 * the messages stay mod_voicemail's: listed and deleted through its own API
 * commands over ESL so its database and the phone's MWI stay right, the
 * audio read from its storage dir.
 */
export function createVoicemailRouter(deps: AppDeps) {
  const { domain, voicemail } = deps.config;
  const now = () => new Date((deps.now ?? Date.now)());
  const messages = createBoxMessages(deps);
  const router = createApiRouter();
  // A WAV, not JSON: the sounds' limit, not the REST API's 1 MiB (restBodyLimit lets it through).
  router.use("/extensions/:number/voicemail/greeting", soundBodyLimit());

  /** One write and its audit entry in one transaction; the PIN is never in the entry. */
  const audited = <T>(c: Context, work: (tx: Tx) => { result: T } & Audited): T =>
    inTransaction(deps.db, (tx) => {
      const { result, summary, changes } = work(tx);
      if (changes.length > 0) {
        const actor = c.get("auth")?.tokenName ?? "unknown";
        appendAudit(tx, { at: now(), actor, action: `${c.req.method} ${c.req.path}`, summary, changes: JSON.stringify(changes) });
      }
      return result;
    });

  router.openapi(getBoxRoute, (c) => c.json(toBoxView(getVoicemailBox(deps.db, c.req.valid("param").number)), 200), validationHook);

  router.openapi(
    putBoxRoute,
    async (c) => {
      const { number } = c.req.valid("param");
      const body = c.req.valid("json");
      if (body.pin !== undefined) {
        const weakness = pinWeakness(number, body.pin);
        if (weakness) throw invalid("pin", `pin: ${weakness}`);
      }
      const pinHash = body.pin === undefined ? undefined : voicemailPinHash(number, domain, body.pin);
      const box = audited(c, (tx) => {
        const before = getVoicemailBox(tx, number);
        const after = setVoicemailBox(tx, number, { enabled: body.enabled, pinHash }, now());
        const changes: unknown[] = [];
        if (before.enabled !== after.enabled) changes.push({ field: "voicemail", from: before.enabled, to: after.enabled });
        if (pinHash !== undefined && pinHash !== before.pinHash) changes.push({ field: "voicemailPin", secret: true, note: "set over the API" });
        return { result: after, summary: `changed extension ${number}: ${changes.map((x) => (x as { field: string }).field).join(", ")}`, changes: wrap(number, changes) };
      });
      // FreeSWITCH keeps the user with its vm-a1-hash (cacheable): the old PIN must stop working now.
      await flushFreeswitchUser(deps.esl, deps.log, domain, number);
      return c.json(toBoxView(box), 200);
    },
    validationHook,
  );

  router.openapi(
    putGreetingRoute,
    async (c) => {
      const { number } = c.req.valid("param");
      getVoicemailBox(deps.db, number);
      const { bytes, info } = await readWav(c);
      const file = greetingFileName(number, now().getTime(), randomBytes(4).toString("hex"));
      const path = join(voicemail.greetings, file);
      // `serve` makes the dir shared with FreeSWITCH at start; this only covers one removed since.
      await mkdir(voicemail.greetings, { recursive: true });
      // Written aside and renamed into place: FreeSWITCH never plays a half-written file.
      await writeFile(`${path}.part`, bytes, { mode: 0o640 });
      await rename(`${path}.part`, path);
      let replaced: string | null;
      let box: VoicemailBoxRow;
      try {
        ({ replaced, box } = audited(c, (tx) => {
          const replaced = setVoicemailGreeting(tx, number, file, now());
          const change = { field: "voicemailGreeting", from: replaced, to: file };
          return { result: { replaced, box: getVoicemailBox(tx, number) }, summary: `changed extension ${number}: voicemailGreeting`, changes: wrap(number, [change]) };
        }));
      } catch (err) {
        await unlink(path).catch(() => {});
        throw err;
      }
      if (replaced && replaced !== file) await removeGreeting(replaced);
      deps.log.info({ box: number, file, seconds: Math.round(info.durationMs / 1000), rate: info.sampleRate }, "voicemail greeting uploaded");
      return c.json(toBoxView(box), 200);
    },
    validationHook,
  );

  router.openapi(
    deleteGreetingRoute,
    async (c) => {
      const { number } = c.req.valid("param");
      const { replaced, box } = audited(c, (tx) => {
        const replaced = setVoicemailGreeting(tx, number, null, now());
        const changes = replaced === null ? [] : [{ field: "voicemailGreeting", from: replaced, to: null }];
        return { result: { replaced, box: getVoicemailBox(tx, number) }, summary: `changed extension ${number}: voicemailGreeting`, changes: wrap(number, changes) };
      });
      if (replaced) await removeGreeting(replaced);
      return c.json(toBoxView(box), 200);
    },
    validationHook,
  );

  router.openapi(
    listMessagesRoute,
    async (c) => {
      const { number } = c.req.valid("param");
      getVoicemailBox(deps.db, number);
      const list = await messages.list(number);
      return c.json({ items: list.map(toMessageView), total: list.length }, 200);
    },
    validationHook,
  );

  router.openapi(
    messageAudioRoute,
    async (c) => {
      const { number, uuid } = c.req.valid("param");
      const message = await messages.find(number, uuid);
      const file = await locateRecording(message.path, voicemail.messages);
      if (!file.ok) {
        if (file.reason === "outside") throw new ApiError(403, "forbidden", "the message's file is outside the voicemail dir");
        if (file.reason === "denied") throw new ApiError(403, "forbidden", "callboard's user may not read the message: give it the voicemail dir's group (docs/voicemail.md)");
        throw new ApiError(404, "not_found", `message ${uuid}: its file is not on disk`);
      }
      return audioFileResponse(c, file, message.path);
    },
    validationHook,
  );

  router.openapi(
    deleteMessageRoute,
    async (c) => {
      const { number, uuid } = c.req.valid("param");
      const message = await messages.find(number, uuid);
      await messages.remove(number, message.uuid);
      audited(c, () => ({
        result: undefined,
        summary: `deleted voicemail message ${message.uuid} of extension ${number}`,
        changes: [{ op: "delete", kind: "voicemailMessage", key: `${number}/${message.uuid}`, from: toMessageView(message) }],
      }));
      return c.body(null, 204);
    },
    validationHook,
  );

  /** A replaced greeting no call plays any more; one already gone is fine. */
  async function removeGreeting(file: string) {
    await unlink(join(voicemail.greetings, file)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") deps.log.warn({ file, code: err.code }, "old voicemail greeting left in place");
    });
  }

  return router;
}

const wrap = (number: string, changes: unknown[]) => (changes.length === 0 ? [] : [{ op: "update", kind: "extensions", key: number, changes }]);
