import { afterEach, describe, expect, test } from "bun:test";
import { createServer } from "node:net";
import { createEslClient, SUBSCRIPTION, type EslClientOptions } from "../src/esl/esl-client.ts";
import type { EslConnectionStatus, EslEvent, EslLinkState, EslPort } from "../src/esl/port.ts";
import { createLogger } from "../src/log.ts";
import { startEslSimulator } from "../src/sim/index.ts";
import { apiReply, frameBytes, transcriptBytes, transcriptEvents } from "./support/esl-transcript.ts";
import { startReplayServer, unknownCommandReply, type ReplayAnswer, type ReplayServer } from "./support/replay-server.ts";
import { until } from "./support/until.ts";

const replies: Record<string, string> = {
  status: apiReply("api_status"),
  "show channels as json": apiReply("api_show_channels_json_idle"),
  "show calls as json": apiReply("api_show_calls_json_active"),
  "sofia status": apiReply("api_sofia_status"),
  "uuid_transfer 5a8f7a8e-0000-4000-8000-000000000000 1002": apiReply("api_uuid_transfer_unknown_uuid"),
  "callcenter_config queue list": apiReply("api_callcenter_config_queue_list"),
};
const scripted: ReplayAnswer = (command) => (command.startsWith("hang") ? undefined : (replies[command] ?? unknownCommandReply(command)));

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(options: Parameters<typeof startReplayServer>[0] = {}): Promise<ReplayServer> {
  const fs = await startReplayServer({ answer: scripted, ...options });
  cleanups.push(() => fs.close());
  return fs;
}

type Timings = Partial<Omit<EslClientOptions, "host" | "port" | "password" | "log">>;

function client(port: number, password = "ClueCon", timings: Timings = {}): EslPort {
  const esl = createEslClient({ host: "127.0.0.1", port, password, log: createLogger("silent"), ...timings });
  cleanups.push(() => esl.close());
  return esl;
}

function reaches(esl: EslPort, wanted: EslConnectionStatus): Promise<void> {
  if (esl.status() === wanted) return Promise.resolve();
  return new Promise((resolve) => {
    const off = esl.onStatus((status) => {
      if (status === wanted) {
        off();
        resolve();
      }
    });
  });
}

async function connected(fs: ReplayServer, timings: Timings = {}): Promise<EslPort> {
  const esl = client(fs.port, "ClueCon", timings);
  await reaches(esl, "connected");
  return esl;
}

function collect(esl: EslPort): EslEvent[] {
  const events: EslEvent[] = [];
  esl.onEvent((event) => events.push(event));
  return events;
}

const SUBSCRIBE_LINE = `event json ${SUBSCRIPTION.join(" ")}`;

describe("connecting: greeting, auth, one subscription, each a real status change", () => {
  test("it authenticates, subscribes to every typed event in one command with CUSTOM last, then says connected", async () => {
    const fs = await server();
    const esl = client(fs.port);
    expect(esl.status()).toBe("connecting");
    await reaches(esl, "connected");
    expect(fs.received).toEqual(["auth ClueCon", SUBSCRIBE_LINE]);
    expect(SUBSCRIBE_LINE).toEndWith("CUSTOM sofia::register sofia::unregister sofia::expire sofia::gateway_state sofia::register_failure callcenter::info callboard::feature vm::maintenance");
  });

  test("a wrong password is reported as auth-failed, never connected, and retried with pauses", async () => {
    const fs = await server({ password: "right" });
    const esl = client(fs.port, "wrong");
    const seen: [EslConnectionStatus, EslLinkState | undefined][] = [];
    esl.onStatus((status, link) => seen.push([status, link]));
    const attempts = () => fs.received.filter((c) => c === "auth wrong").length;
    await until("a retry", () => attempts() >= 2);
    await Bun.sleep(300);
    expect(attempts()).toBeLessThanOrEqual(3); // 0.25 s, then 0.5 s: never a tight loop
    expect(seen).toEqual([["disconnected", "auth-failed"]]);
    expect(esl.status()).toBe("disconnected");
  });

  test("a refused event subscription is a failed connection, not a deaf one", async () => {
    const fs = await server({ subscriptionReply: "-ERR permission denied" });
    const esl = client(fs.port);
    const seen: EslConnectionStatus[] = [];
    esl.onStatus((status) => seen.push(status));
    await until("a retry", () => fs.received.filter((c) => c.startsWith("event json")).length >= 2);
    expect(seen).toEqual(["disconnected"]);
    expect(await esl.api("status")).toMatchObject({ ok: false, kind: "disconnected" });
  });

  test("a peer that accepts TCP but never greets is dropped and retried", async () => {
    let accepted = 0;
    const silent = createServer(() => accepted++);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => silent.close(resolve)));
    const address = silent.address();
    const esl = client(typeof address === "object" && address ? address.port : 0, "x", { stepTimeoutMs: 100 });
    await until("a second attempt", () => accepted >= 2);
    expect(esl.status()).toBe("disconnected");
  });

  test("an impossible address is a failed attempt like any other, not an exception", async () => {
    const esl = client(70_000);
    await reaches(esl, "disconnected");
    expect(await esl.api("status")).toMatchObject({ ok: false, kind: "disconnected" });
  });

  test("nothing listening: disconnected, and connected once FreeSWITCH starts on the port", async () => {
    const probe = await server();
    const port = probe.port;
    await probe.close();
    const esl = client(port, "ClueCon", { maxBackoffMs: 50 });
    await reaches(esl, "disconnected");
    await server({ port });
    await reaches(esl, "connected");
  });

  test("after FreeSWITCH restarts it reconnects, says connected again and subscribes again", async () => {
    const first = await server();
    const esl = await connected(first);
    const seen: EslConnectionStatus[] = [];
    esl.onStatus((status) => seen.push(status));
    await first.close();
    await reaches(esl, "disconnected");
    const second = await server({ port: first.port });
    await reaches(esl, "connected");
    expect(seen).toEqual(["disconnected", "connected"]);
    expect(second.received).toEqual(["auth ClueCon", SUBSCRIBE_LINE]);
  });

  test("close() stops reconnecting and ends in disconnected", async () => {
    const fs = await server();
    const esl = await connected(fs);
    esl.close();
    expect(esl.status()).toBe("disconnected");
    const before = fs.received.filter((c) => c.startsWith("auth")).length;
    await Bun.sleep(300);
    expect(fs.received.filter((c) => c.startsWith("auth")).length).toBe(before);
    expect(await esl.api("status")).toMatchObject({ ok: false, kind: "disconnected" });
  });
});

describe("commands: results as values", () => {
  test("api gives FreeSWITCH's reply text byte for byte, including the idle channel list", async () => {
    const esl = await connected(await server());
    expect(await esl.api("status")).toEqual({ ok: true, value: replies.status! });
    expect(await esl.api("show channels as json")).toEqual({ ok: true, value: '{"row_count": 0}\n' });
    expect(await esl.api("callcenter_config queue list")).toEqual({ ok: true, value: replies["callcenter_config queue list"]! });
  });

  test("FreeSWITCH's -ERR comes back as an error value carrying its text, from api and bgapi", async () => {
    const esl = await connected(await server());
    expect(await esl.api("uuid_transfer 5a8f7a8e-0000-4000-8000-000000000000 1002")).toEqual({ ok: false, kind: "error", message: "No such channel!" });
    expect(await esl.bgapi("no_such_command")).toEqual({ ok: false, kind: "error", message: "no_such_command Command not found!" });
  });

  test("api replies go to their commands in the order sent, with events arriving in between", async () => {
    const fs = await server({
      answer: async (command) => {
        fs.emitFrame(frameBytes("event_json_heartbeat"));
        await Bun.sleep(command === "status" ? 30 : 0);
        fs.emitFrame(frameBytes("event_json_sofia_register"));
        return scripted(command);
      },
    });
    const esl = await connected(fs);
    const events = collect(esl);
    const commands = ["status", "show channels as json", "sofia status", "show calls as json", "no_such_command"];
    const results = await Promise.all(commands.map((command) => esl.api(command)));
    expect(results).toEqual([
      { ok: true, value: replies.status! },
      { ok: true, value: replies["show channels as json"]! },
      { ok: true, value: replies["sofia status"]! },
      { ok: true, value: replies["show calls as json"]! },
      { ok: false, kind: "error", message: "no_such_command Command not found!" },
    ]);
    expect(events.map((e) => e.name)).toEqual(commands.flatMap(() => ["HEARTBEAT", "CUSTOM"]));
  });

  test("bgapi results are matched by Job-UUID when jobs finish out of order", async () => {
    const fs = await server({
      answer: async (command) => {
        const [, wait, text] = /^sleep (\d+) (.*)$/.exec(command) ?? [];
        await Bun.sleep(Number(wait));
        return `+OK ${text}\n`;
      },
    });
    const esl = await connected(fs);
    const finished: string[] = [];
    const jobs = ["sleep 120 slow", "sleep 0 fast", "sleep 60 middle"].map((command) =>
      esl.bgapi(command).then((result) => (finished.push(command), result)),
    );
    expect(await Promise.all(jobs)).toEqual([
      { ok: true, value: "+OK slow\n" },
      { ok: true, value: "+OK fast\n" },
      { ok: true, value: "+OK middle\n" },
    ]);
    expect(finished).toEqual(["sleep 0 fast", "sleep 60 middle", "sleep 120 slow"]);
  });

  test("another client's BACKGROUND_JOB is not taken for ours", async () => {
    const fs = await server({ answer: async () => (await Bun.sleep(50), "+OK ours\n") });
    const esl = await connected(fs);
    const pending = esl.bgapi("status");
    await fs.waitForCommand((c) => c === "bgapi status");
    fs.emitFrame(frameBytes("bgapi_status_background_job_event_json"));
    expect(await pending).toEqual({ ok: true, value: "+OK ours\n" });
  });

  test("a bgapi whose job never ends times out; the connection stays up and later commands work", async () => {
    const esl = await connected(await server());
    const hung = await esl.bgapi("hang forever", { timeout: 100 });
    expect(hung).toMatchObject({ ok: false, kind: "timeout" });
    expect(await esl.api("status")).toEqual({ ok: true, value: replies.status! });
    expect(esl.status()).toBe("connected");
  });

  test("an api answered after its timeout hands its late reply to nobody: the next api gets its own", async () => {
    const fs = await server({ answer: async (command) => (command === "slow" ? (await Bun.sleep(150), "late\n") : scripted(command)) });
    const esl = await connected(fs);
    expect(await esl.api("slow", { timeout: 50 })).toMatchObject({ ok: false, kind: "timeout" });
    expect(await esl.api("status")).toEqual({ ok: true, value: replies.status! });
  });

  test("a command holding a line break is refused before it reaches FreeSWITCH", async () => {
    const fs = await server();
    const esl = await connected(fs);
    expect(await esl.api("status\n\nevent plain ALL")).toMatchObject({ ok: false, kind: "error" });
    expect(await esl.bgapi("status\r\nexit")).toMatchObject({ ok: false, kind: "error" });
    expect(fs.received.some((c) => c.includes("event plain ALL") || c === "exit")).toBe(false);
  });

  test("killing FreeSWITCH ends a pending command as disconnected and reports the loss", async () => {
    const fs = await server();
    const esl = await connected(fs);
    const pending = esl.api("hang until killed", { timeout: 30_000 });
    await fs.waitForCommand((c) => c === "api hang until killed");
    await fs.close();
    expect(await pending).toMatchObject({ ok: false, kind: "disconnected" });
    expect(esl.status()).toBe("disconnected");
    expect(await esl.api("status")).toMatchObject({ ok: false, kind: "disconnected" });
  });

  test("commands in flight when the connection drops are not sent again after reconnecting", async () => {
    const first = await server();
    const esl = await connected(first);
    const lost = [esl.bgapi("hang originate user/1001 &park()", { timeout: 30_000 }), esl.api("hang uuid_kill x", { timeout: 30_000 })];
    await first.waitForCommand((c) => c === "api hang uuid_kill x");
    await first.close();
    expect(await Promise.all(lost)).toMatchObject([
      { ok: false, kind: "disconnected" },
      { ok: false, kind: "disconnected" },
    ]);
    const second = await server({ port: first.port });
    await reaches(esl, "connected");
    expect(await esl.api("status")).toMatchObject({ ok: true });
    expect(second.received).toEqual(["auth ClueCon", SUBSCRIBE_LINE, "api status"]);
  });
});

describe("events", () => {
  test("a captured JSON session arrives as exactly the typed events FreeSWITCH sent, Cyrillic names intact", async () => {
    const fs = await server();
    const esl = await connected(fs);
    const events = collect(esl);
    const session = transcriptBytes("json-ALL-registration-and-call-cyrillic");
    const firstEvent = session.indexOf("Content-Length");
    fs.emitRaw(session.subarray(firstEvent));
    const expected = transcriptEvents("json-ALL-registration-and-call-cyrillic");
    await until("every event", () => events.length === expected.length);
    expect(events).toEqual(expected);
    expect(events.find((e) => e.name === "CHANNEL_CREATE")?.headers["Caller-Caller-ID-Name"]).toBe("Оператор Qo'ng'iroq");
  });

  test("the plain session, written in small pieces cut across every frame, gives the same events", async () => {
    const fs = await server();
    const esl = await connected(fs);
    const events = collect(esl);
    const session = transcriptBytes("plain-ALL-registration-and-call-cyrillic");
    const body = session.subarray(session.indexOf("Content-Length"));
    for (let at = 0; at < body.length; at += 997) fs.emitRaw(body.subarray(at, at + 997));
    const expected = transcriptEvents("plain-ALL-registration-and-call-cyrillic");
    await until("every event", () => events.length === expected.length);
    expect(events).toEqual(expected);
  });

  test("a frame whose blank header line is split across two TCP reads is delivered, and so is the next", async () => {
    const fs = await server();
    const esl = await connected(fs);
    const events = collect(esl);
    const frame = frameBytes("event_json_channel_create_cyrillic_a_leg");
    await fs.emitFrameSplit(frame, frame.indexOf("\n\n") + 1);
    fs.emitFrame(frameBytes("event_json_sofia_gateway_state_failed_503"));
    await until("both events", () => events.length === 2);
    expect(events.map((e) => [e.name, e.subclass])).toEqual([
      ["CHANNEL_CREATE", undefined],
      ["CUSTOM", "sofia::gateway_state"],
    ]);
    expect(events[0]!.headers["Caller-Caller-ID-Name"]).toBe("Оператор Qo'ng'iroq");
  });

  test("a listener that throws does not stop other listeners or the connection", async () => {
    const fs = await server();
    const esl = await connected(fs);
    esl.onEvent(() => {
      throw new Error("listener bug");
    });
    const events = collect(esl);
    fs.emitFrame(frameBytes("event_json_heartbeat"));
    await until("the heartbeat", () => events.length === 1);
    expect((await esl.api("status")).ok).toBe(true);
  });
});

describe("against the simulator, a FreeSWITCH with calls going on", () => {
  async function simulated() {
    const sim = await startEslSimulator({ password: "s3cret", heartbeatSeconds: 0 });
    cleanups.push(() => sim.close());
    const esl = client(sim.port, "s3cret");
    await reaches(esl, "connected");
    return { sim, esl };
  }

  test("two originates end with their own call's uuid, the quicker answer first, while api replies stay in order among the call events", async () => {
    const { sim, esl } = await simulated();
    sim.register("1001");
    sim.register("1002");
    sim.setAnswerDelay("1001", 150);
    sim.setAnswerDelay("1002", 10);
    const events = collect(esl);
    const finished: string[] = [];
    const originate = (uuid: string, user: string) =>
      esl.bgapi(`originate {origination_uuid=${uuid}}user/${user} &park()`).then((result) => (finished.push(user), result));
    const slow = originate("5a8f7a8e-0000-4000-8000-000000000001", "1001");
    const quick = originate("5a8f7a8e-0000-4000-8000-000000000002", "1002");
    const replies = await Promise.all(["status", "show channels as json", "show calls as json", "sofia status"].map((c) => esl.api(c)));
    expect(replies.map((r) => r.ok && r.value.slice(0, 4))).toEqual(["UP 0", "{\"ro", "{\"ro", "    "]);
    expect(await slow).toEqual({ ok: true, value: "+OK 5a8f7a8e-0000-4000-8000-000000000001\n" });
    expect(await quick).toEqual({ ok: true, value: "+OK 5a8f7a8e-0000-4000-8000-000000000002\n" });
    expect(finished).toEqual(["1002", "1001"]);
    expect(events.filter((e) => e.name === "CHANNEL_ANSWER").map((e) => e.headers["Unique-ID"])).toEqual([
      "5a8f7a8e-0000-4000-8000-000000000002",
      "5a8f7a8e-0000-4000-8000-000000000001",
    ]);
  });

  test("a switch killed mid-originate: the originate ends disconnected and is not sent again once it is back", async () => {
    const { sim, esl } = await simulated();
    sim.register("1001");
    sim.setAnswerDelay("1001", Infinity);
    const pending = esl.bgapi("originate {origination_uuid=5a8f7a8e-0000-4000-8000-000000000003}user/1001 &park()", { timeout: 30_000 });
    await until("the leg rings", () => sim.model.channel("5a8f7a8e-0000-4000-8000-000000000003") !== undefined);
    await sim.kill();
    expect(await pending).toMatchObject({ ok: false, kind: "disconnected" });
    sim.hangup("5a8f7a8e-0000-4000-8000-000000000003");
    await sim.restart();
    await reaches(esl, "connected");
    expect(await esl.api("show channels as json")).toEqual({ ok: true, value: '{"row_count": 0}\n' });
  });
});

// Small real timings; nothing below asserts how long anything took.
const givesUpQuickly: Timings = { idleMs: 20, probeTimeoutMs: 100, stepTimeoutMs: 100, maxBackoffMs: 200 };
// A generous probe timeout, so a stalled test runner cannot pass for a hung FreeSWITCH.
const probesOften: Timings = { idleMs: 10, probeTimeoutMs: 2_000 };

describe("noticing a FreeSWITCH that hangs with the socket still open", () => {
  test("a frozen FreeSWITCH is reported disconnected and the command waiting on it ends as disconnected", async () => {
    const fs = await server();
    const esl = await connected(fs, givesUpQuickly);
    fs.freeze();
    expect(await esl.api("show channels as json", { timeout: 30_000 })).toMatchObject({ ok: false, kind: "disconnected" });
    expect(esl.status()).toBe("disconnected");
  });

  test("when the frozen FreeSWITCH wakes up, it reconnects and commands work again", async () => {
    const fs = await server();
    const esl = await connected(fs, givesUpQuickly);
    fs.freeze();
    await reaches(esl, "disconnected");
    fs.thaw();
    await reaches(esl, "connected");
    expect(fs.received.filter((c) => c === "auth ClueCon").length).toBeGreaterThan(1);
    expect(await esl.api("status")).toEqual({ ok: true, value: replies.status! });
  });

  test("a command that times out in silence checks the link at once instead of waiting out the idle period", async () => {
    const fs = await server();
    const esl = await connected(fs, { ...givesUpQuickly, idleMs: 600_000 });
    fs.freeze();
    expect(await esl.api("status", { timeout: 50 })).toMatchObject({ ok: false, kind: "timeout" });
    await reaches(esl, "disconnected");
  });

  test("a quiet but healthy FreeSWITCH answers the checks and is never dropped", async () => {
    const fs = await server();
    const esl = await connected(fs, probesOften);
    const seen: EslConnectionStatus[] = [];
    esl.onStatus((status) => seen.push(status));
    await until("three checks", () => fs.received.filter((c) => c === "api status").length >= 3);
    expect(seen).toEqual([]);
    expect(esl.status()).toBe("connected");
  });

  test("jobs that hang on a FreeSWITCH that still replies neither drop the link nor set off a check", async () => {
    const fs = await server();
    const esl = await connected(fs, { idleMs: 600_000, probeTimeoutMs: 2_000 });
    const seen: EslConnectionStatus[] = [];
    esl.onStatus((status) => seen.push(status));
    for (let i = 0; i < 3; i++) expect(await esl.bgapi(`hang ${i}`, { timeout: 50 })).toMatchObject({ ok: false, kind: "timeout" });
    expect((await esl.api("status")).ok).toBe(true);
    expect(fs.received.filter((c) => c === "api status")).toHaveLength(1); // ours: no check went out before it
    expect(seen).toEqual([]);
  });
});
