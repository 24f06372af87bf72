/**
 * doctor's look at the xml_curl listener (src/xmlcurl/xmlcurl-listener.ts),
 * the port FreeSWITCH's xml_curl.conf points at. A GET is the listener's
 * cheapest sure answer: 405 naming POST, before any auth check, so doctor
 * learns who holds the port without being let in. An address outside
 * CALLBOARD_XMLCURL_ALLOW is closed at accept, unanswered, so from there
 * doctor can only say the port is held by something that would not talk to
 * it. Reads only.
 */
import { createServer } from "node:net";
import type { Config } from "../config.ts";

export type ListenerCheck = { status: "ok" | "fail"; check: string; detail: string };

const CHECK = "xml_curl listener";

export async function checkXmlCurlListener(listen: Config["xmlcurl"]["listen"], callboardRunning: boolean, timeoutMs: number): Promise<ListenerCheck> {
  const host = listen.host.includes(":") ? `[${listen.host}]` : listen.host;
  const url = `http://${host}:${listen.port}/freeswitch/xml`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    if (res.status === 405 && res.headers.get("allow") === "POST" && text.startsWith("only POST /freeswitch/xml")) {
      return { status: "ok", check: CHECK, detail: `callboard's listener answers at ${url}: FreeSWITCH's gateway-url (CALLBOARD_XMLCURL_URL=http://${host}:${listen.port})` };
    }
    return { status: "fail", check: CHECK, detail: `${url} answers ${res.status}, but not as callboard's xml_curl listener: another program holds CALLBOARD_XMLCURL_PORT` };
  } catch (err) {
    const busy = await portInUse(listen.host, listen.port);
    const timedOut = (err as { name?: string }).name === "TimeoutError";
    if (busy && !timedOut) {
      return { status: "fail", check: CHECK, detail: `${listen.host}:${listen.port} is taken (${busy}) and closed doctor's connection unanswered: callboard's listener when doctor's address is not in CALLBOARD_XMLCURL_ALLOW, or another program` };
    }
    if (busy) return { status: "fail", check: CHECK, detail: `${listen.host}:${listen.port} is taken (${busy}) by something that does not answer HTTP` };
    if (callboardRunning) return { status: "fail", check: CHECK, detail: `callboard runs but nothing listens at ${url}: FreeSWITCH's lookups fail; is CALLBOARD_XMLCURL_PORT the same for both?` };
    return { status: "ok", check: CHECK, detail: `${listen.host}:${listen.port} is free for \`callboard serve\`` };
  }
}

function portInUse(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (err) => resolve((err as { code?: string }).code ?? err.message));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}
