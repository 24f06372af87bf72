/**
 * The simulator's mod_xml_curl: every directory and dialplan lookup is a
 * form POST to callboard, with the headers FreeSWITCH 1.10.12 sends
 * (test/fixtures/freeswitch/http/xml_curl-post-*.raw). An error, a timeout
 * or a non-2xx status is no answer, as it is for FreeSWITCH. The body holds
 * what callboard's freeswitch-conf bindings let through (enable-post-var,
 * src/xmlcurl/posted-fields.ts), unless the options ask for every header.
 */
import { create } from "xmlbuilder2";
import { postedBody } from "../xmlcurl/posted-fields.ts";

export type XmlCurlOptions = {
  /** callboard's endpoint, e.g. http://127.0.0.1:8080/freeswitch/xml */
  url: string;
  /** xml_curl.conf's gateway-credentials, when callboard asks for basic auth. */
  basicAuth?: { user: string; password: string };
  /** Per request, like xml_curl.conf's `timeout`. */
  timeoutMs?: number;
  /** Tests hand callboard's app in here instead of a socket. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /**
   * `callboard` (the default): only the fields freeswitch-conf's bindings
   * list; `every header`: the whole event, as a binding without
   * enable-post-var sends it (how the captures in test/fixtures were made).
   */
  postVars?: "callboard" | "every header";
};

/** Asks for one document; undefined when nothing usable came back. */
export type SwitchXml = (body: string) => Promise<string | undefined>;

export function xmlCurlLookup(o: XmlCurlOptions): SwitchXml {
  const send = o.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
  const headers: Record<string, string> = {
    "user-agent": "freeswitch-xml/1.0",
    accept: "*/*",
    "content-type": "application/x-www-form-urlencoded",
  };
  if (o.basicAuth) headers.authorization = `Basic ${Buffer.from(`${o.basicAuth.user}:${o.basicAuth.password}`).toString("base64")}`;
  const post = o.postVars === "every header" ? (body: string) => body : postedBody;
  return async (event) => {
    const body = post(event);
    try {
      const res = await send(o.url, { method: "POST", headers, body, signal: AbortSignal.timeout(o.timeoutMs ?? 5_000) });
      const text = await res.text();
      return res.ok ? text : undefined;
    } catch {
      return undefined;
    }
  };
}

const VANILLA_USER = /^10(0\d|1\d)$/;

/**
 * A switch nobody configured over xml_curl answers from its static XML. The
 * simulator's is the shape of FreeSWITCH's vanilla directory — users
 * 1000–1019, password 1234, ringing their registered phone — and no
 * dialplan at all, so every call ends NO_ROUTE_DESTINATION. Enough for
 * tests of the event socket; calls that go somewhere need callboard.
 */
export function staticXml(): SwitchXml {
  return async (body) => {
    const fields = new URLSearchParams(body);
    const user = fields.get("user") ?? "";
    const domain = fields.get("domain") ?? "";
    if (fields.get("section") !== "directory" || !VANILLA_USER.test(user)) return undefined;
    const u = create()
      .ele("document", { type: "freeswitch/xml" })
      .ele("section", { name: "directory" })
      .ele("domain", { name: domain })
      .ele("users")
      .ele("user", { id: user });
    const params = u.ele("params");
    params.ele("param", { name: "password", value: "1234" });
    params.ele("param", { name: "dial-string", value: `{presence_id=${user}@${domain}}sofia/internal/${user}%${domain}` });
    u.ele("variables").ele("variable", { name: "user_context", value: "default" });
    return u.doc().end({ headless: true });
  };
}

/** Counts the lookups under way, so a test on a manual clock can wait for their answers. */
export function trackedLookups(lookup: SwitchXml): { ask: SwitchXml; settled(): Promise<void> } {
  const pending = new Set<Promise<unknown>>();
  return {
    ask: (body) => {
      const answer = lookup(body);
      pending.add(answer);
      void answer.finally(() => pending.delete(answer));
      return answer;
    },
    async settled() {
      // Each answer's continuation may ask again: wait until a turn of the event loop starts none.
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (pending.size === 0) return;
        await Promise.allSettled([...pending]);
      }
    },
  };
}
