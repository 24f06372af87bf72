/**
 * doctor's question about FreeSWITCH that only the running callboard can
 * answer, read from its /metrics (open to loopback by default; doctor also
 * sends the data dir's local.token, for a server that restricts the
 * addresses): has FreeSWITCH asked xml_curl lately. Reads only.
 */
export type LiveCheck = { status: "ok" | "warn" | "fail"; check: string; detail: string };

/** A quiet PBX may not ask for an hour (phones re-register, nobody calls); longer means FreeSWITCH lost its way here. */
export const XMLCURL_QUIET_SECONDS = 3600;

type Sample = { labels: Record<string, string>; value: number };

/** The samples of one metric in callboard's own exposition (one per line, labels without escapes). */
export function samplesOf(text: string, name: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels = Object.fromEntries([...(m[2] ?? "").matchAll(/([a-zA-Z_]\w*)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]));
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}

const ago = (seconds: number) =>
  seconds < 120 ? `${Math.round(seconds)} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} h`;

export function judgeXmlcurl(text: string, nowSeconds: number): LiveCheck {
  const started = samplesOf(text, "callboard_start_time_seconds")[0]?.value;
  const asked = samplesOf(text, "callboard_xmlcurl_last_request_timestamp_seconds").sort((a, b) => b.value - a.value)[0];
  if (!asked) {
    const since = started ? ` in the ${ago(nowSeconds - started)} since callboard started` : "";
    return {
      status: "warn",
      check: "xml_curl fetched",
      detail: `FreeSWITCH has not asked callboard${since}: check xml_curl.conf's gateway-url (…/freeswitch/xml), CALLBOARD_XMLCURL_ALLOW and the credentials, then \`fs_cli -x 'reloadxml'\``,
    };
  }
  const quiet = nowSeconds - asked.value;
  const detail = `FreeSWITCH last asked ${ago(Math.max(0, quiet))} ago (${asked.labels.section})`;
  return { status: quiet > XMLCURL_QUIET_SECONDS ? "warn" : "ok", check: "xml_curl fetched", detail };
}

export async function checkRunningCallboard(baseUrl: string | undefined, token: string | undefined, timeoutMs: number, nowSeconds = Date.now() / 1000): Promise<LiveCheck> {
  const notChecked = (why: string): LiveCheck => ({ status: "warn", check: "xml_curl fetched", detail: `not checked: ${why}` });
  if (!baseUrl) return notChecked("callboard is not running");
  let text: string;
  try {
    const res = await fetch(`${baseUrl}/metrics`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
    text = await res.text();
  } catch (err) {
    const why = `${(err as Error).message}: add this address to CALLBOARD_METRICS_ALLOW, or run doctor where it can read local.token`;
    return notChecked(why);
  }
  return judgeXmlcurl(text, nowSeconds);
}
