import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";
import { startParkedCdrReplayer } from "../cdr/parked-cdr-replayer.ts";
import { startServer } from "../system.ts";
import { openDb } from "../db/client.ts";
import { recordings } from "../db/schema.ts";
import type { Call, Channel, GatewayStatus, LiveSnapshot, Registration } from "../esl/live-types.ts";
import type { EslConnectionStatus, EslPort } from "../esl/port.ts";
import { createLogger } from "../log.ts";
import { A_LEG, A_LEG_UUID, CYRILLIC, fixtureBytes } from "../../test/support/cdr-bodies.ts";
import { offlineEsl, TEST_DOMAIN, testApp, testConfig, testDeps } from "../../test/support/deps.ts";
import { until } from "../../test/support/until.ts";
import { editBody, fixtureBody } from "../../test/support/xmlcurl-bodies.ts";
import { createMetrics, xmlcurlOutcomeLabel } from "./metrics.ts";

const NOW = 1_767_225_600_000;
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A switch with two legs of one call, two phones (one registration expired) and two gateways. */
function busySwitch(): LiveSnapshot {
  const leg = (uuid: string) => ({ uuid, callId: "a", state: "answered", createdAt: NOW - 60_000 }) as Channel;
  const phone = (id: string, expiresAt: number) => ({ id, user: "1001", profile: "internal", expiresAt }) as Registration;
  const gateways: GatewayStatus[] = [
    { name: "belluz", state: "REGED", since: NOW },
    { name: "backup", state: "FAIL_WAIT", lastStatus: "503 Service Unavailable", since: NOW },
  ];
  return {
    seq: 9,
    channels: [leg("a"), leg("b")],
    calls: [{ id: "a", legs: ["a", "b"] } as Call],
    registrations: [phone("desk", NOW + 60_000), phone("old", NOW - 1)],
    gateways,
    queueCallers: [],
    queueAgents: [],
    status: { esl: "connected" },
  };
}

/** An ESL port whose status the test sets. */
function switchableEsl() {
  let status: EslConnectionStatus = "connecting";
  const listeners = new Set<(s: EslConnectionStatus) => void>();
  const port: EslPort = {
    ...offlineEsl(),
    status: () => status,
    onStatus: (l) => (listeners.add(l), () => listeners.delete(l)),
  };
  const set = (s: EslConnectionStatus) => {
    status = s;
    for (const l of listeners) l(s);
  };
  return { port, set };
}

const families = (text: string) => new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
const value = (f: MetricFamily | undefined, labels: Record<string, string> = {}) =>
  Number(f?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value);

describe("/metrics", () => {
  test("parses as Prometheus text and describes the switch: channels, calls, phones, gateways, ESL, recordings", async () => {
    const esl = switchableEsl();
    const snap = busySwitch();
    const { call, deps } = testApp({ esl: esl.port, live: { snapshot: () => snap, subscribe: () => () => {} }, now: () => NOW });
    // An enabled gateway FreeSWITCH does not report at all is down too.
    expect((await call("POST", "/api/v1/gateways", { name: "spare", host: "spare.example.uz", username: "998785550000", password: "sparepass12" })).status).toBe(201);
    deps.db.insert(recordings).values([
      { path: "/var/lib/callboard/recordings/2026/01/01/a.wav", channelUuid: "a", sizeBytes: 480_000 },
      { path: "/var/lib/callboard/recordings/2026/01/01/b.wav", channelUuid: "b", sizeBytes: 20_000 },
    ]).run();
    esl.set("connected");
    esl.set("disconnected");
    esl.set("connected");

    const res = await call("GET", "/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const m = families(await res.text());
    expect(value(m.get("callboard_channels"))).toBe(2);
    expect(value(m.get("callboard_calls"))).toBe(1);
    expect(value(m.get("callboard_registrations"))).toBe(1);
    expect(m.get("callboard_gateway_up")?.metrics.map((s) => [s.labels?.gateway, Number(s.value)]).sort()).toEqual([
      ["backup", 0],
      ["belluz", 1],
      ["spare", 0],
    ]);
    expect(value(m.get("callboard_esl_connected"))).toBe(1);
    expect(value(m.get("callboard_esl_reconnects_total"))).toBe(1);
    expect(value(m.get("callboard_recordings_bytes"))).toBe(500_000);
    expect(value(m.get("callboard_recordings"))).toBe(2);
    expect(m.get("callboard_info")?.metrics[0]?.labels?.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(m.get("callboard_cdrs_received_total")?.type).toBe("COUNTER");
  });

  test("from an address outside CALLBOARD_METRICS_ALLOW it needs a token, of either role", async () => {
    const { app, viewer } = testApp();
    const refused = await app.request("/metrics");
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    expect((await app.request("/metrics", { headers: { authorization: `Bearer ${viewer}` } })).status).toBe(200);
  });
});

describe("/metrics over a socket, as Prometheus and FreeSWITCH reach it", () => {
  const deps = testDeps({ now: () => NOW });
  const server = startServer(deps);
  afterAll(() => server.stop());
  const scrape = async () => families(await (await fetch(`${server.url}/metrics`)).text());
  const postXml = (body: string) =>
    fetch(`${server.url}/freeswitch/xml`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
  const postCdr = (body: Uint8Array) => fetch(`${server.url}/freeswitch/cdr`, { method: "POST", headers: { "content-type": "application/json" }, body });

  test("a loopback scraper needs no token", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
  });

  test("counts xml_curl requests per section and outcome, with their latency and when FreeSWITCH last asked", async () => {
    const register = editBody(fixtureBody("directory-sip_auth-REGISTER-1001"), { key_value: TEST_DOMAIN, domain: TEST_DOMAIN, sip_auth_realm: TEST_DOMAIN });
    expect((await postXml(register)).status).toBe(200);
    expect((await postXml(register)).status).toBe(200);
    expect((await postXml("section=nonsense&key_value=x")).status).toBe(200);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const name = "callboard_xmlcurl_request_duration_seconds";
    expect(families(text).get(name)?.type).toBe("HISTOGRAM");
    // The parser folds a labelled histogram's series into one and drops their _count and _sum,
    // so each series is cut out and parsed alone, without the labels that select it.
    const series = (labels: string) => {
      const lines = text.split("\n").filter((l) => (l.startsWith("# ") ? l.includes(` ${name} `) : l.startsWith(name) && l.includes(labels)));
      const unlabelled = lines.map((l) => l.replace(`{${labels}}`, "").replace(`${labels},`, "").replace(`,${labels}`, ""));
      return parsePrometheusTextFormat(`${unlabelled.join("\n")}\n`)[0]?.metrics[0];
    };
    // No extension 1001 in this database: FreeSWITCH is told "not found".
    const directory = series('section="directory",outcome="not_found"');
    expect(directory?.count).toBe("2");
    expect(directory?.buckets?.["+Inf"]).toBe("2");
    expect(Number(directory?.sum)).toBeGreaterThan(0);
    expect(series('section="other",outcome="not_found"')?.count).toBe("1");
    expect(value(families(text).get("callboard_xmlcurl_last_request_timestamp_seconds"), { section: "directory" })).toBe(NOW / 1000);
  });

  test("counts CDRs stored, duplicate and rejected", async () => {
    expect((await postCdr(fixtureBytes(A_LEG))).status).toBe(200);
    expect((await postCdr(fixtureBytes(A_LEG))).status).toBe(200);
    expect((await postCdr(new TextEncoder().encode("{not json"))).status).toBe(400);
    const received = (await scrape()).get("callboard_cdrs_received_total");
    expect([value(received, { outcome: "stored" }), value(received, { outcome: "duplicate" }), value(received, { outcome: "rejected" })]).toEqual([1, 1, 1]);
    expect(value(received, { outcome: "failed" })).toBe(0);
  });
});

describe("xml_curl outcomes", () => {
  test("a call refused after a menu key or a time condition is rejected, whatever its log line leads with", () => {
    expect(xmlcurlOutcomeLabel({ outcome: "IVR menu main option 1 → reject UNALLOCATED_NUMBER: extension 1003 is disabled", targetKind: "reject" })).toBe("rejected");
    expect(xmlcurlOutcomeLabel({ outcome: "time condition hours closed (no_rule) → reject USER_BUSY: x", targetKind: "reject" })).toBe("rejected");
    expect(xmlcurlOutcomeLabel({ outcome: "IVR menu main option 2 → bridge user/1001", targetKind: "extension" })).toBe("answered");
    expect(xmlcurlOutcomeLabel({ outcome: "user (sip_auth)" })).toBe("answered");
    expect(xmlcurlOutcomeLabel({ outcome: "not_found: no such user" })).toBe("not_found");
    expect(xmlcurlOutcomeLabel({ outcome: "error" })).toBe("error");
  });

  test("an IVR key that reaches a disabled extension is counted as rejected, one that rings a phone as answered", async () => {
    const metrics = createMetrics("test");
    const { call, app } = testApp({ metrics, config: testConfig({ CALLBOARD_DOMAIN: "pbx.test" }) });
    expect((await call("POST", "/api/v1/extensions", { number: "1001", name: "Dilnoza" })).status).toBe(201);
    expect((await call("POST", "/api/v1/extensions", { number: "1003", name: "Night", enabled: false })).status).toBe(201);
    const menu = {
      name: "main",
      greeting: "en/us/callie/ivr/8000/ivr-welcome.wav",
      options: [
        { digits: "1", destination: { type: "extension", target: "1003" } },
        { digits: "2", destination: { type: "extension", target: "1001" } },
      ],
      fallback: { type: "hangup", target: "NORMAL_CLEARING" },
    };
    expect((await call("POST", "/api/v1/ivr-menus", menu)).status).toBe(201);
    const dialplan = fixtureBody("dialplan-sofia-inbound-to-1002");
    const key = (k: string) => editBody(dialplan, { "Caller-Context": "ivr", "Caller-Destination-Number": k, "Hunt-Context": "ivr", "Hunt-Destination-Number": k });
    const post = (body: string) =>
      app.request("/freeswitch/xml", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body }, { requestIP: () => ({ address: "127.0.0.1" }) } as never);
    expect(await (await post(key("main/1"))).text()).toContain('data="UNALLOCATED_NUMBER"');
    expect(await (await post(key("main/2"))).text()).toContain("user/1001@pbx.test");
    const text = await metrics.render();
    const count = (outcome: string) => Number(new RegExp(`callboard_xmlcurl_request_duration_seconds_count\\{section="dialplan",outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1]);
    expect({ rejected: count("rejected"), answered: count("answered") }).toEqual({ rejected: 1, answered: 1 });
  });
});

test("CDRs replayed from FreeSWITCH's error directory are counted, stored apart from duplicates", async () => {
  const dir = mkdtempSync(join(tmpdir(), "callboard-metrics-spool-"));
  made.push(dir);
  const db = openDb(":memory:");
  const park = (name: string, bytes: Uint8Array) => {
    writeFileSync(join(dir, name), new Uint8Array([...bytes, 0x0a]));
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(join(dir, name), old, old);
  };
  park(`${A_LEG_UUID}.cdr.json`, fixtureBytes(A_LEG));
  park("54807b2f-14e1-4eb5-ba4e-90a8f74ada69.cdr.json", fixtureBytes(CYRILLIC));
  const metrics = createMetrics("test");
  const config = testConfig({ CALLBOARD_CDR_SPOOL_DIR: dir });
  const replayer = startParkedCdrReplayer({ db, log: createLogger("silent"), config, metrics });
  try {
    await until("both parked CDRs are counted", async () => value(families(await metrics.render()).get("callboard_cdrs_replayed_total"), { outcome: "stored" }) === 2);
  } finally {
    await replayer.stop();
  }
});
