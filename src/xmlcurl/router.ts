import { Hono } from "hono";
import type { AppDeps } from "../http/deps.ts";
import { answerRequest, type Answer } from "./answer-request.ts";
import { parseXmlCurlBody } from "./parse-request.ts";
import { createXmlCurlQueries } from "./queries.ts";
import { renderNotFound } from "./render-not-found.ts";
import { freeswitchSourceGuard } from "../http/source-guard.ts";

/**
 * POST /freeswitch/xml: mod_xml_curl's bindings for directory, dialplan and
 * configuration. Never a 5xx: a fault is logged and answered "not found",
 * which with callboard's freeswitch-conf (no static users or dialplan) fails
 * closed instead of letting FreeSWITCH improvise. Bodies over
 * BODY_LIMITS.xmlcurl never get here: createApp answers them 413.
 */
export function createXmlCurlRouter(deps: AppDeps) {
  const router = new Hono();
  router.use("*", freeswitchSourceGuard(deps.config.xmlcurl, deps.log));
  const queries = createXmlCurlQueries(deps.db);
  const notFound = renderNotFound();
  const ctx = {
    config: deps.config,
    queries,
    secrets: deps.secrets,
    now: deps.now ?? Date.now,
    registrations: () => deps.live.snapshot().registrations,
  };

  router.post("/", async (c) => {
    const started = performance.now();
    let section = "";
    let answer: Answer;
    try {
      const req = parseXmlCurlBody(await c.req.text());
      section = req.section;
      answer = answerRequest(req, ctx);
    } catch (err) {
      deps.log.error({ err, section }, "xml_curl fault, answered not found");
      answer = { xml: notFound, key: "", outcome: "error" };
    }
    const us = Math.round((performance.now() - started) * 1000);
    deps.metrics?.xmlcurlAnswered(section, answer.outcome, us);
    const line = { section, key: answer.key, outcome: answer.outcome, us };
    if (answer.problems?.length) deps.log.warn({ ...line, problems: answer.problems }, "xml_curl");
    else deps.log.info(line, "xml_curl");
    return c.body(answer.xml, 200, { "content-type": "text/xml" });
  });
  return router;
}
