import { afterEach, describe, expect, test } from "bun:test";
import { createToken } from "../src/db/tokens.ts";
import { startServer, type RunningServer } from "../src/system.ts";
import type { LiveChange, LiveSnapshot, LiveView } from "../src/esl/live-types.ts";
import { createApiClient } from "../src/tui/api-client.ts";
import { startLiveClient } from "../src/tui/live-client.ts";
import { sampleChannel, sampleSnapshot } from "./support/sample-state.ts";
import { createTuiStore } from "../src/tui/store.ts";
import { testApp, testDeps } from "./support/deps.ts";
import { until } from "./support/until.ts";

const T0 = Date.UTC(2025, 5, 1, 9, 30, 0);

/** A live view the test can push changes into. */
function pushableLive(snapshot: LiveSnapshot) {
  const listeners = new Set<(c: LiveChange) => void>();
  const live: LiveView = {
    snapshot: () => snapshot,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return { live, push: (c: LiveChange) => listeners.forEach((l) => l(c)), listeners };
}


const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function serve(live: LiveView) {
  const deps = testDeps({ live });
  const token = createToken(deps.db, "tui-admin", "admin");
  const server: RunningServer = startServer(deps);
  cleanups.push(() => server.stop());
  return { server, token };
}

function client(url: string, token: string) {
  const store = createTuiStore({ flushIntervalMs: 0 });
  const c = startLiveClient({ url, token, store, backoff: { initialMs: 20, maxMs: 50 } });
  cleanups.push(() => c.stop(), () => store.dispose());
  return store;
}

describe("callboard top live client", () => {
  test("the dashboard gets the snapshot, then every change, over /api/v1/events", async () => {
    const { live, push, listeners } = pushableLive(sampleSnapshot(T0, 3));
    const { server, token } = serve(live);
    const store = client(server.url, token);
    await until("the snapshot", () => store.getState().counts.channels === 3);
    expect(store.getState().connection).toEqual({ state: "connected" });
    await until("the subscription", () => listeners.size === 1);
    const ch = sampleChannel(99, T0);
    push({ seq: 2, kind: "channel", op: "upsert", key: ch.uuid, value: ch });
    push({ seq: 3, kind: "status", op: "upsert", key: "status", value: { esl: "disconnected" } });
    await until("the change", () => store.getState().counts.channels === 4);
    await until("the status change", () => store.getState().status.esl === "disconnected");
  });

  test("a refused token is said plainly", async () => {
    const { live } = pushableLive(sampleSnapshot(T0, 1));
    const { server } = serve(live);
    const store = client(server.url, "cb_not-a-token");
    await until("unauthorized", () => store.getState().connection.state === "unauthorized");
    const c = store.getState().connection;
    expect(c.state === "unauthorized" && c.message).toContain("401");
  });

  test("when callboard stops, the header says unreachable, and it reconnects when it is back", async () => {
    const { live } = pushableLive(sampleSnapshot(T0, 2));
    const deps = testDeps({ live, config: { ...testDeps().config, http: { host: "127.0.0.1", port: 0 } } });
    const token = createToken(deps.db, "tui-admin", "admin");
    let server = startServer(deps);
    const port = server.port;
    const store = client(server.url, token);
    await until("connected", () => store.getState().connection.state === "connected");
    await server.stop();
    await until("unreachable", () => store.getState().connection.state === "unreachable");
    const c = store.getState().connection;
    expect(c.state === "unreachable" && typeof c.retryAt).toBe("number");
    server = startServer({ ...deps, config: { ...deps.config, http: { host: "127.0.0.1", port } } });
    cleanups.push(() => server.stop());
    await until("reconnected", () => store.getState().connection.state === "connected");
    expect(store.getState().counts.channels).toBe(2);
  });
});

describe("callboard top API client", () => {
  const clientFor = (app: ReturnType<typeof testApp>["app"], token: string) =>
    createApiClient({ url: "http://callboard.test", token, fetch: ((url: string, init: RequestInit) => app.request(url, init)) as typeof fetch });

  test("a viewer token gets a 403 the dashboard can recognise", async () => {
    const { app, viewer } = testApp();
    const r = await clientFor(app, viewer).hangup("00000000-0000-4000-8000-000000000001");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.status).toBe(403);
  });

  test("whoami tells the dashboard a viewer token's role before any key is pressed", async () => {
    const { app, admin, viewer } = testApp();
    expect(await clientFor(app, viewer).whoami()).toEqual({ ok: true, name: "test-viewer", role: "viewer" });
    expect(await clientFor(app, admin).whoami()).toEqual({ ok: true, name: "test-admin", role: "admin" });
    expect(await clientFor(app, "cb_not-a-token").whoami()).toMatchObject({ ok: false, status: 401 });
  });

  test("an API error comes back as its status and message", async () => {
    const { app, admin } = testApp();
    const r = await clientFor(app, admin).transfer("00000000-0000-4000-8000-000000000001", "12;3");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.status).toBe(422);
    expect(!r.ok && r.message).toContain("to");
  });

  test("a server that is not there is 'unreachable', not an exception", async () => {
    const r = await createApiClient({ url: "http://127.0.0.1:1", token: "x" }).hangup("abc");
    expect(r).toMatchObject({ ok: false, status: 0 });
    expect(!r.ok && r.message).toStartWith("callboard unreachable");
  });

  test("s's request sets the agent's status, and the queues' agent lists are read for the queues view", async () => {
    const t = testApp();
    for (const number of ["1001", "1002"]) expect((await t.call("POST", "/api/v1/extensions", { number, name: `Agent ${number}` })).status).toBe(201);
    for (const extension of ["1001", "1002"]) expect((await t.call("POST", "/api/v1/agents", { extension, status: "Available" })).status).toBe(201);
    const queue = { name: "support", strategy: "ring-all", agents: [{ agent: "1001" }, { agent: "1002" }], fallback: { type: "extension", target: "1002" } };
    expect((await t.call("POST", "/api/v1/queues", queue)).status).toBe(201);
    const client = clientFor(t.app, t.admin);
    expect(await client.setAgentStatus("1001", "On Break")).toEqual({ ok: true });
    expect(await (await t.call("GET", "/api/v1/agents/1001")).json()).toMatchObject({ status: "On Break" });
    expect(await client.queueTiers()).toEqual({ ok: true, tiers: new Map([["support", ["1001", "1002"]]]) });
    const refused = await clientFor(t.app, t.viewer).setAgentStatus("1001", "Available");
    expect(!refused.ok && refused.status).toBe(403);
  });

  test("recent CDRs arrive as rows with times in milliseconds", async () => {
    const { app, admin } = testApp();
    const r = await clientFor(app, admin).recentCdrs();
    expect(r).toEqual({ ok: true, rows: [] });
  });
});
