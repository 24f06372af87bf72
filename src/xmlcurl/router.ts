import { Hono } from "hono";
import type { AppDeps } from "../http/deps.ts";
import { createPbxModelSource } from "../db/pbx-model-source.ts";
import { answerRequest, createAnswerCache, type Answer, type AnswerContext } from "./answer-request.ts";
import { createAnswerLog } from "./answer-log.ts";
import { createDirectoryContacts, type DirectoryContacts } from "./directory-contacts.ts";
import { createFreeswitchUserCache, flushFreeswitchUser } from "./freeswitch-user-cache.ts";
import { readXmlCurlRequest } from "./read-fields.ts";
import { NOT_FOUND_XML } from "./render-not-found.ts";
import { freeswitchSourceGuard } from "../http/source-guard.ts";

/**
 * POST /freeswitch/xml: mod_xml_curl's bindings for directory, dialplan and
 * configuration. Never a 5xx: a fault is logged and answered "not found",
 * which with callboard's freeswitch-conf (no static users or dialplan) fails
 * closed instead of letting FreeSWITCH improvise. Bodies over
 * BODY_LIMITS.xmlcurl never get here: createHttpApp (src/system.ts) answers them 413.
 *
 * Answers come from a compiled copy of the PBX tables, patched after every
 * committed write (src/db/pbx-model-source.ts), never from a query per
 * request; FreeSWITCH keeps the users it gets and is told to forget one
 * whenever it changes (freeswitch-user-cache.ts).
 */
export function createXmlCurlRouter(deps: AppDeps) {
  const router = new Hono();
  router.use("*", freeswitchSourceGuard(deps.config.xmlcurl, deps.log));
  const domain = deps.config.domain;
  const userCache = createFreeswitchUserCache(deps.esl, deps.log, domain);
  const source = createPbxModelSource(deps.db, {
    open: (sealed) => deps.secrets.open(sealed),
    // Writes the API made were flushed as they committed; this catches the ones made behind its back.
    onExtensionsChanged: (numbers) => {
      if (numbers === "all" || deps.esl.status() !== "connected") return;
      for (const number of numbers) void flushFreeswitchUser(deps.esl, deps.log, domain, number);
    },
  });
  watchWhileConnected(deps, () => source.refresh());
  // From the first directory answer on: until then FreeSWITCH has cached no user whose phones could change.
  let contacts: DirectoryContacts | undefined;
  const ctx: AnswerContext = {
    config: deps.config,
    model: () => source.current(),
    now: deps.now ?? Date.now,
    contacts: (user, now) => (contacts ??= createDirectoryContacts(deps.live, domain, (u) => userCache.contactsChanged(u))).of(user, now),
    cache: createAnswerCache(),
  };
  const answerLog = createAnswerLog(deps.log);

  router.post("/", async (c) => {
    const started = performance.now();
    let section = "";
    let answer: Answer;
    try {
      const req = readXmlCurlRequest(await c.req.text());
      section = req.section;
      answer = answerRequest(req, ctx);
    } catch (err) {
      deps.log.error({ err, section }, "xml_curl fault, answered not found");
      answer = { xml: NOT_FOUND_XML, key: "", outcome: "error" };
    }
    const us = Math.round((performance.now() - started) * 1000);
    deps.metrics?.xmlcurlAnswered(section, answer.outcome, us);
    answerLog.write({ section, key: answer.key, outcome: answer.outcome, us }, answer.problems);
    return c.body(answer.xml, 200, { "content-type": "text/xml" });
  });
  return router;
}

/** How soon a write made behind the API's back (the CLI, sqlite3) reaches a FreeSWITCH that cached the user. */
const WATCH_EVERY_MS = 500;

/**
 * While FreeSWITCH listens, looks for writes every WATCH_EVERY_MS even when no
 * request comes (with users cached, one may not come for an hour): the
 * model's onExtensionsChanged then flushes them. A failing database stops the
 * watch until the next connect, logged once.
 */
function watchWhileConnected(deps: Pick<AppDeps, "esl" | "log">, check: () => void) {
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  const start = () => {
    timer ??= setInterval(() => {
      try {
        check();
      } catch (err) {
        deps.log.error({ err }, "xml_curl: cannot read the PBX tables; watching for changes stopped until FreeSWITCH reconnects");
        stop();
      }
    }, WATCH_EVERY_MS);
    timer.unref?.();
  };
  deps.esl.onStatus((status) => (status === "connected" ? start() : stop()));
  if (deps.esl.status() === "connected") start();
}
