import { Hono, type Context } from "hono";
import type { AppDeps } from "../api/deps.ts";
import { answerRequest, type Answer } from "./answer-request.ts";
import { parseXmlCurlBody } from "./parse-request.ts";
import { createXmlCurlQueries } from "./queries.ts";
import { renderNotFound } from "./render-not-found.ts";
import { freeswitchSourceGuard } from "./source-guard.ts";

/** Real bodies are 0.5–7 KB; far larger is not FreeSWITCH. */
export const MAX_XMLCURL_BYTES = 256 * 1024;

async function readBody(c: Context): Promise<string | undefined> {
  if (Number(c.req.header("content-length") ?? 0) > MAX_XMLCURL_BYTES) return undefined;
  const body = await c.req.text();
  return body.length > MAX_XMLCURL_BYTES ? undefined : body;
}

/**
 * POST /freeswitch/xml: mod_xml_curl's bindings for directory, dialplan and
 * configuration. Never a 5xx: a fault is logged and answered "not found",
 * which with callboard's freeswitch-conf (no static users or dialplan) fails
 * closed instead of letting FreeSWITCH improvise.
 */
export function createXmlCurlRouter(deps: AppDeps) {
  const router = new Hono();
  router.use("*", freeswitchSourceGuard(deps.config.xmlcurl, deps.log));
  const queries = createXmlCurlQueries(deps.db);
  const notFound = renderNotFound();
  const ctx = { config: deps.config, queries, secrets: deps.secrets, now: deps.now ?? Date.now };

  router.post("/", async (c) => {
    const started = performance.now();
    let section = "";
    let answer: Answer;
    try {
      const body = await readBody(c);
      if (body === undefined) {
        answer = { xml: notFound, key: "", outcome: "not_found: body too large" };
      } else {
        const req = parseXmlCurlBody(body);
        section = req.section;
        answer = answerRequest(req, ctx);
      }
    } catch (err) {
      deps.log.error({ err, section }, "xml_curl fault, answered not found");
      answer = { xml: notFound, key: "", outcome: "error" };
    }
    const us = Math.round((performance.now() - started) * 1000);
    const line = { section, key: answer.key, outcome: answer.outcome, us };
    if (answer.problems?.length) deps.log.warn({ ...line, problems: answer.problems }, "xml_curl");
    else deps.log.info(line, "xml_curl");
    return c.body(answer.xml, 200, { "content-type": "text/xml" });
  });
  return router;
}
