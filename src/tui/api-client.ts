import type { CdrItem, Did, DidTrace } from "./api-types.ts";
import type { ActionResult, WhoamiResult } from "./app.tsx";
import type { CdrRow } from "./views/cdrs-view.ts";

export type ApiClientOptions = { url: string; token: string; fetch?: typeof fetch; timeoutMs?: number };

type ApiError = { error?: { code?: string; message?: string; field?: string } };

export function toCdrRow(item: CdrItem): CdrRow {
  return {
    uuid: item.uuid,
    callUuid: item.callUuid,
    direction: item.direction,
    callerNumber: item.callerIdNumber ?? "",
    callerName: item.callerIdName ?? "",
    destination: item.destinationNumber ?? "",
    extension: item.extension ?? undefined,
    did: item.did ?? undefined,
    gateway: item.gateway ?? undefined,
    startedAt: Date.parse(item.startedAt),
    answeredAt: item.answeredAt === null ? undefined : Date.parse(item.answeredAt),
    endedAt: Date.parse(item.endedAt),
    billSeconds: item.billSeconds,
    hangupCause: item.hangupCause,
  };
}

/** The REST calls behind the dashboard's keys; every failure comes back as a value with a sentence to show. */
export function createApiClient(options: ApiClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const base = options.url.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function request(method: string, path: string, body?: unknown): Promise<{ ok: true; json: unknown } | Extract<ActionResult, { ok: false }>> {
    let res: Response;
    try {
      res = await doFetch(`${base}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const why = (err as Error).name === "TimeoutError" ? `no answer in ${timeoutMs / 1000}s` : (err as Error).message;
      return { ok: false, status: 0, message: `callboard unreachable: ${why}` };
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.ok) return { ok: true, json };
    const e = (json as ApiError | undefined)?.error;
    const detail = e?.message ? `${e.message}${e.field ? ` (${e.field})` : ""}` : text.slice(0, 120) || res.statusText;
    return { ok: false, status: res.status, message: `${res.status}: ${detail}` };
  }

  const act = async (method: string, path: string, body?: unknown): Promise<ActionResult> => {
    const r = await request(method, path, body);
    return r.ok ? { ok: true } : r;
  };
  const call = (id: string) => `/calls/${encodeURIComponent(id)}`;

  return {
    hangup: (id: string) => act("DELETE", call(id)),
    setRecording: (id: string, action: "start" | "stop") => act("POST", `${call(id)}/recording`, { action }),
    transfer: (id: string, to: string) => act("POST", `${call(id)}/transfer`, { to }),
    listen: (id: string, extension: string) => act("POST", `${call(id)}/listen`, { extension }),
    setAgentStatus: (agent: string, status: string) => act("PUT", `/agents/${encodeURIComponent(agent)}/status`, { status }),
    /** Which agents take each queue's calls; one page of the most queues the API lists at once. */
    async queueTiers(): Promise<{ ok: true; tiers: Map<string, string[]> } | { ok: false; message: string }> {
      const r = await request("GET", "/queues?limit=500");
      if (!r.ok) return r;
      const items = (r.json as { items?: Array<{ name: string; agents: Array<{ agent: string }> }> } | undefined)?.items;
      if (!Array.isArray(items)) return { ok: false, message: "unexpected answer from /api/v1/queues" };
      return { ok: true, tiers: new Map(items.map((q) => [q.name, q.agents.map((a) => a.agent)])) };
    },
    /** The token's name and role, so a viewer's dashboard starts read-only. */
    async whoami(): Promise<WhoamiResult> {
      const r = await request("GET", "/whoami");
      if (!r.ok) return r;
      const me = r.json as { name?: unknown; role?: unknown } | undefined;
      if (typeof me?.name !== "string" || (me.role !== "admin" && me.role !== "viewer")) {
        return { ok: false, status: 0, message: "unexpected answer from /api/v1/whoami" };
      }
      return { ok: true, name: me.name, role: me.role };
    },
    /** The most recent A legs (one row per call), newest first. */
    async recentCdrs(limit = 50): Promise<{ ok: true; rows: CdrRow[] } | { ok: false; message: string }> {
      const r = await request("GET", `/cdrs?limit=${limit}&leg=a`);
      if (!r.ok) return r;
      const items = (r.json as { items?: CdrItem[] } | undefined)?.items;
      if (!Array.isArray(items)) return { ok: false, message: "unexpected answer from /api/v1/cdrs" };
      return { ok: true, rows: items.map(toCdrRow) };
    },
    /** The DIDs, by number (the API's largest page: a PBX with more shows the first 500). */
    async dids(): Promise<{ ok: true; rows: Did[] } | { ok: false; message: string }> {
      const r = await request("GET", "/dids?limit=500");
      if (!r.ok) return r;
      const items = (r.json as { items?: Did[] } | undefined)?.items;
      if (!Array.isArray(items)) return { ok: false, message: "unexpected answer from /api/v1/dids" };
      return { ok: true, rows: items };
    },
    /** What a call to this DID does now: the time conditions it passes and where it ends. */
    async traceDid(number: string): Promise<{ ok: true; trace: DidTrace } | { ok: false; message: string }> {
      const r = await request("GET", `/dids/${encodeURIComponent(number)}/trace`);
      if (!r.ok) return r;
      const trace = r.json as DidTrace | undefined;
      if (!Array.isArray(trace?.chain)) return { ok: false, message: "unexpected answer from /api/v1/dids/{number}/trace" };
      return { ok: true, trace };
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
