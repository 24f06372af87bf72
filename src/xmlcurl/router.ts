import { Hono } from "hono";
import type { AppDeps } from "../http/deps.ts";
import { createPbxModelSource } from "../db/pbx-model-source.ts";
import { answerRequest, createAnswerCache, type Answer, type AnswerContext } from "./answer-request.ts";
import { createAnswerLog } from "./answer-log.ts";
import { createDirectoryContacts, type DirectoryContacts } from "./directory-contacts.ts";
import { createFreeswitchUserCache, flushFreeswitchUser } from "./freeswitch-user-cache.ts";
import type { XmlCurlRequest } from "./parse-request.ts";
import { createXmlCurlReader } from "./read-fields.ts";
import { NOT_FOUND_XML } from "./render-not-found.ts";
import { BODY_LIMITS, declaresOver, freeswitchBodyLimit, freeswitchTooLarge, readBytesWithin } from "../http/body-limits.ts";
import { freeswitchSourceCheck, peerAddress, refusalResponse, type FreeswitchSourceCheck, sourceGuard } from "../http/source-guard.ts";

/** POST /freeswitch/xml as Request → Response, with the TCP peer's address (undefined when there is no socket). */
export type XmlCurlEndpoint = (req: Request, peer: string | undefined) => Promise<Response>;

/** The XML for one form body FreeSWITCH POSTed, as bytes (undefined: it could not be read), logged and counted; never throws. */
export type XmlCurlAnswerer = (body: Buffer | undefined) => string;

export const XMLCURL_PATH = "/freeswitch/xml";

/** One Headers, copied into each answer: Bun builds a Response from it several times faster than from a plain object. */
const XML_HEADERS = new Headers({ "content-type": "text/xml" });

export type XmlCurlSurface = {
  /** For Bun.serve's routes on the API port. */
  endpoint: XmlCurlEndpoint;
  /** The same endpoint for Hono (app.request in tests, any other method). */
  router: Hono;
  /** What both of them and the xml_curl listener (xmlcurl-listener.ts) answer with, once a request passed. */
  answerBody: XmlCurlAnswerer;
  /** Who may ask, shared by all three. */
  check: FreeswitchSourceCheck;
};

/**
 * POST /freeswitch/xml: mod_xml_curl's bindings for directory, dialplan and
 * configuration. Never a 5xx: a fault is logged and answered "not found",
 * which with callboard's freeswitch-conf (no static users or dialplan) fails
 * closed instead of letting FreeSWITCH improvise. Only FreeSWITCH may ask
 * (src/http/source-guard.ts); a body over BODY_LIMITS.xmlcurl is a plain 413.
 *
 * Answers come from a compiled copy of the PBX tables, patched after every
 * committed write (src/db/pbx-model-source.ts), never from a query per
 * request; FreeSWITCH keeps the users it gets and is told to forget one
 * whenever it changes (freeswitch-user-cache.ts).
 *
 * FreeSWITCH itself talks to the xml_curl listener on its own port
 * (xmlcurl-listener.ts), which costs a fraction of a Request and Response
 * per answer. `endpoint` serves the same answers on the API port, from
 * Bun.serve's routes ahead of Hono, for a FreeSWITCH still pointed there.
 */
export function createXmlCurlSurface(deps: AppDeps): XmlCurlSurface {
  const check = freeswitchSourceCheck(deps.config.xmlcurl, deps.log);
  const answer = createAnswerer(deps);
  const answerLog = createAnswerLog(deps.log);
  const read = createXmlCurlReader();
  const tooLarge = () => freeswitchTooLarge(XMLCURL_PATH, BODY_LIMITS.xmlcurl, deps.log);
  const answerBody: XmlCurlAnswerer = (body) => {
    const started = performance.now();
    let section = "";
    let answered: Answer;
    try {
      if (body === undefined) throw new Error("request body could not be read");
      const fields = read(body);
      section = fields.section;
      answered = answer(fields);
    } catch (err) {
      deps.log.error({ err, section }, "xml_curl fault, answered not found");
      answered = { xml: NOT_FOUND_XML, key: "", outcome: "error" };
    }
    const ended = performance.now();
    const us = Math.round((ended - started) * 1000);
    deps.metrics?.xmlcurlAnswered(section, answered, us);
    answerLog.write({ section, key: answered.key, outcome: answered.outcome, us }, answered.problems, ended);
    return answered.xml;
  };
  const endpoint: XmlCurlEndpoint = async (req, peer) => {
    // In the order hono/body-limit and the guard answered: a declared size first, then who asks.
    if (declaresOver(req, BODY_LIMITS.xmlcurl)) return tooLarge();
    const headers = req.headers;
    const refused = check((name) => headers.get(name), peer, XMLCURL_PATH);
    if (refused) return refusalResponse(refused);
    let body: Buffer | undefined;
    try {
      body = await readBytesWithin(req, BODY_LIMITS.xmlcurl);
      if (body === undefined) return tooLarge();
    } catch {
      body = undefined;
    }
    return new Response(answerBody(body), { headers: XML_HEADERS });
  };

  const router = new Hono();
  router.post("/", (c) => endpoint(c.req.raw, peerAddress(c)));
  // Any other method: refused as the endpoint would refuse it, else Hono's 404.
  router.use("*", freeswitchBodyLimit(BODY_LIMITS.xmlcurl, deps.log), sourceGuard(check));
  return { endpoint, router, answerBody, check };
}

/** The answering itself: fields in, answer out, from the compiled model and the answers kept. */
function createAnswerer(deps: AppDeps): (req: XmlCurlRequest) => Answer {
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
  return (req) => answerRequest(req, ctx);
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
