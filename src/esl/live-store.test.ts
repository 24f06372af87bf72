import { expect, test } from "bun:test";
import { apiReply, frameEvent, transcriptEvents } from "../../test/support/esl-transcript.ts";
import { fakeEsl, ok } from "../../test/live-fake-esl.ts";
import { createLogger } from "../log.ts";
import type { LiveChange } from "./live-types.ts";
import type { EslResult } from "./port.ts";

const NOW = 1_795_343_700_000;
const log = createLogger("silent");
const CHANNEL = "6066c1a0-8962-40bd-bff2-d3396eee1cab";

function busySwitch() {
  return {
    "show channels as json": ok(apiReply("api_show_channels_json_active")),
    "show calls as json": ok(apiReply("api_show_calls_json_active")),
    "show registrations as json": ok(apiReply("api_show_registrations_json_1001_1002")),
    "sofia status": ok(apiReply("api_sofia_status")),
    "sofia xmlstatus gateway belluz": ok(apiReply("api_sofia_xmlstatus_gateway_belluz_fail_wait")),
    status: ok(apiReply("api_status")),
  } as Record<string, EslResult | ((c: string) => EslResult | Promise<EslResult>)>;
}

async function connectedStore(answers = busySwitch()) {
  const esl = fakeEsl(answers, "disconnected");
  const { createLiveStore } = await import("./live-store.ts");
  const store = createLiveStore({ esl: esl.port, log, now: () => NOW });
  const changes: LiveChange[] = [];
  store.subscribe((c) => changes.push(c));
  esl.setStatus("connected");
  await store.settled();
  return { esl, store, changes };
}

test("on connect the store asks FreeSWITCH for everything and shows exactly that", async () => {
  const { esl, store, changes } = await connectedStore();
  expect(esl.sent.map((s) => s.command)).toEqual([
    "show channels as json",
    "show calls as json",
    "show registrations as json",
    "sofia status",
    "status",
    "callcenter_config agent list",
    "callcenter_config queue list members",
    "sofia xmlstatus gateway belluz",
  ]);
  expect(esl.sent.every((s) => s.timeout !== undefined)).toBe(true);
  const snap = store.snapshot();
  expect(snap.channels.map((c) => c.uuid)).toEqual([CHANNEL]);
  expect(snap.calls).toMatchObject([{ id: CHANNEL, to: "9999", state: "active", direction: "internal" }]);
  expect(snap.registrations.map((r) => r.user)).toEqual(["1002", "1001"]);
  expect(snap.gateways).toMatchObject([{ name: "belluz", state: "FAIL_WAIT", pingStatus: "DOWN" }]);
  expect(snap.status).toMatchObject({ esl: "connected", version: "1.10.12-release", sessions: 1, upSince: NOW - 60_635 });
  expect(changes.map((c) => c.seq)).toEqual(changes.map((_, i) => i + 1));
  expect(snap.seq).toBe(changes.length);
  store.stop();
});

test("after FreeSWITCH restarts, a reconnect drops the channels it no longer has", async () => {
  const { esl, store, changes } = await connectedStore();
  esl.setStatus("disconnected");
  expect(store.snapshot().status.esl).toBe("disconnected");
  expect(store.snapshot().channels).toHaveLength(1);
  esl.answers["show channels as json"] = ok(apiReply("api_show_channels_json_idle"));
  esl.answers["show calls as json"] = ok('{"row_count": 0}\n');
  changes.length = 0;
  esl.setStatus("connected");
  await store.settled();
  expect(store.snapshot().channels).toEqual([]);
  expect(store.snapshot().calls).toEqual([]);
  expect(changes).toContainEqual(expect.objectContaining({ kind: "channel", op: "remove", key: CHANNEL }));
  expect(changes).toContainEqual(expect.objectContaining({ kind: "call", op: "remove", key: CHANNEL }));
  store.stop();
});

test("events that arrive during a resync are applied after it, not lost", async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const answers = busySwitch();
  const idle = apiReply("api_show_channels_json_idle");
  answers["show channels as json"] = async () => (await gate, ok(idle));
  answers["show calls as json"] = ok(idle);
  const esl = fakeEsl(answers, "disconnected");
  const { createLiveStore } = await import("./live-store.ts");
  const store = createLiveStore({ esl: esl.port, log, now: () => NOW });
  esl.setStatus("connected");
  const create = transcriptEvents("json-ALL-registration-and-call-cyrillic").find((e) => e.name === "CHANNEL_CREATE")!;
  esl.emit(create);
  expect(store.snapshot().channels).toEqual([]);
  release();
  await store.settled();
  expect(store.snapshot().channels.map((c) => c.callerName)).toEqual(["Оператор Qo'ng'iroq"]);
  store.stop();
});

test("a failed resync is retried while connected", async () => {
  const answers = busySwitch();
  let calls = 0;
  answers.status = () => (++calls === 1 ? { ok: false, kind: "timeout", message: "no reply in 5000 ms" } : ok(apiReply("api_status")));
  const esl = fakeEsl(answers, "disconnected");
  const { createLiveStore } = await import("./live-store.ts");
  const store = createLiveStore({ esl: esl.port, log, now: () => NOW, resyncRetryMs: 1 });
  esl.setStatus("connected");
  await store.settled();
  while (calls < 2) await Bun.sleep(1);
  await store.settled();
  expect(store.snapshot().channels).toHaveLength(1);
  store.stop();
});

test("an un-REGISTER removes the binding the resync found; a REGISTER brings it back with its agent", async () => {
  const { esl, store, changes } = await connectedStore();
  changes.length = 0;
  esl.emit(frameEvent("event_json_sofia_unregister"));
  expect(store.snapshot().registrations.map((r) => r.user)).toEqual(["1002"]);
  esl.emit(frameEvent("event_json_sofia_register"));
  expect(store.snapshot().registrations.find((r) => r.user === "1001")?.userAgent).toBe("sipp-lab");
  expect(changes.map((c) => [c.kind, c.op])).toEqual([
    ["registration", "remove"],
    ["registration", "upsert"],
  ]);
  expect(changes[1]!.seq).toBe(changes[0]!.seq + 1);
  store.stop();
});
