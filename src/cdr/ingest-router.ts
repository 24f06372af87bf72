/**
 * POST /freeswitch/cdr (and /freeswitch/cdr/json?uuid=…, as mod_json_cdr
 * sends it). mod_json_cdr counts any 2xx as delivered; anything else makes
 * it retry and finally keep the CDR in its error directory, so a body we
 * cannot store must never get a 2xx.
 */
import { Hono, type Context } from "hono";
import type { AppDeps } from "../http/deps.ts";
import { parseJsonCdr } from "./parse-json-cdr.ts";
import { freeswitchSourceGuard } from "../http/source-guard.ts";
import { storeCdr } from "../db/cdrs.ts";
import { admitCdrRecordings } from "./recording-intake.ts";
import { BODY_LIMITS } from "../http/body-limits.ts";

/** Far above any real CDR (the captured ones are 10–30 KB); stops a runaway body. */
/** createHttpApp refuses larger POSTs before they are read; a parked file is held to the same bound. */
export const MAX_CDR_BYTES = BODY_LIMITS.cdr;

const text = (c: Context, status: 200 | 400 | 500, body: string) => c.text(`${body}\n`, status);

export function createCdrIngestRouter(deps: AppDeps) {
  const router = new Hono();
  router.use("*", freeswitchSourceGuard(deps.config.xmlcurl, deps.log));

  const ingest = async (c: Context) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    // mod_xml_cdr's prefix-a-leg style; json_cdr itself sends the bare uuid.
    const queryUuid = c.req.query("uuid")?.replace(/^a_/, "");

    const contentType = c.req.header("content-type");
    const parsed = parseJsonCdr(bytes, contentType);
    if (!parsed.ok) {
      deps.log.warn({ uuid: queryUuid, bytes: bytes.length, contentType, error: parsed.error }, "CDR refused: malformed body (FreeSWITCH keeps it)");
      deps.metrics?.cdrReceived("rejected");
      return text(c, 400, `malformed CDR: ${parsed.error}`);
    }
    if (queryUuid && queryUuid !== parsed.row.uuid) {
      deps.log.warn({ uuid: queryUuid, bodyUuid: parsed.row.uuid }, "CDR refused: ?uuid= does not match the body");
      deps.metrics?.cdrReceived("rejected");
      return text(c, 400, "malformed CDR: ?uuid= does not match variables.uuid");
    }
    try {
      const result = storeCdr(deps.db, admitCdrRecordings(parsed, { recordingsDir: deps.config.recordingsDir, voicemailDir: deps.config.voicemail.messages, log: deps.log }));
      deps.log.info({ uuid: parsed.row.uuid, callUuid: parsed.row.callUuid, duplicate: !result.stored }, "CDR stored");
      deps.metrics?.cdrReceived(result.stored ? "stored" : "duplicate");
      return text(c, 200, result.stored ? "OK" : "OK duplicate");
    } catch (err) {
      // A 5xx makes FreeSWITCH retry later, which is what a full disk or a locked db needs.
      deps.log.error({ err, uuid: parsed.row.uuid }, "CDR not stored");
      deps.metrics?.cdrReceived("failed");
      return text(c, 500, "CDR not stored");
    }
  };

  router.post("/", ingest);
  router.post("/json", ingest);
  return router;
}
