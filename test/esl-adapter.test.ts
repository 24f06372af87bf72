import { afterEach, describe, expect, test } from "bun:test";
import { createServer } from "node:net";
import { createEslLiteAdapter, type EslLiteOptions } from "../src/esl/esl-lite-adapter.ts";
import type { EslConnectionStatus, EslEvent, EslPort } from "../src/esl/port.ts";
import { createLogger } from "../src/log.ts";
import { apiReply, frameBytes } from "./support/esl-transcript.ts";
import { startReplayServer, unknownCommandReply, type ReplayAnswer, type ReplayServer } from "./support/replay-server.ts";

const replies: Record<string, string> = {
  status: apiReply("api_status"),
  "show channels as json": apiReply("api_show_channels_json_idle"),
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

type Timings = Partial<Omit<EslLiteOptions, "host" | "port" | "password" | "log">>;

function adapter(port: number, password = "ClueCon", timings: Timings = {}): EslPort {
  const esl = createEslLiteAdapter({ host: "127.0.0.1", port, password, log: createLogger("silent"), ...timings });
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
  const esl = adapter(fs.port, "ClueCon", timings);
  await reaches(esl, "connected");
  return esl;
}

describe("ESL adapter over esl-lite, against a replayed FreeSWITCH", () => {
  test("it authenticates with the configured password and reports connected", async () => {
    const fs = await server();
    const esl = adapter(fs.port);
    expect(esl.status()).toBe("connecting");
    await reaches(esl, "connected");
    expect(fs.received[0]).toBe("auth ClueCon");
  });

  test("api gives FreeSWITCH's reply text byte for byte, including the idle channel list", async () => {
    const esl = await connected(await server());
    expect(await esl.api("status")).toEqual({ ok: true, value: replies.status! });
    expect(await esl.api("show channels as json")).toEqual({ ok: true, value: '{"row_count": 0}\n' });
  });

  test("a header line followed by +OK is a success, not an error", async () => {
    const esl = await connected(await server());
    const result = await esl.api("callcenter_config queue list");
    expect(result.ok).toBe(true);
  });

  test("FreeSWITCH's -ERR comes back as an error value carrying its text", async () => {
    const esl = await connected(await server());
    expect(await esl.api("uuid_transfer 5a8f7a8e-0000-4000-8000-000000000000 1002")).toEqual({
      ok: false,
      kind: "error",
      message: "No such channel!",
    });
    expect(await esl.bgapi("no_such_command")).toEqual({ ok: false, kind: "error", message: "no_such_command Command not found!" });
  });

  test("a FreeSWITCH that never answers gives a timeout value, and later commands still work", async () => {
    const esl = await connected(await server());
    const hung = await esl.api("hang forever", { timeout: 150 });
    expect(hung.ok === false && hung.kind).toBe("timeout");
    expect((await esl.api("status")).ok).toBe(true);
  });

  test("a command holding a line break is refused before it reaches FreeSWITCH", async () => {
    const fs = await server();
    const esl = await connected(fs);
    const result = await esl.api("status\n\nevent plain ALL");
    expect(result.ok === false && result.kind).toBe("error");
    expect(fs.received.some((c) => c.includes("event plain ALL"))).toBe(false);
  });

  test("subscribed events arrive decoded, Cyrillic caller names intact; CUSTOM by subclass", async () => {
    const fs = await server();
    const esl = await connected(fs);
    const events: EslEvent[] = [];
    esl.onEvent((event) => events.push(event));
    await fs.waitForCommand((c) => c.startsWith("event json CUSTOM sofia::gateway_state"));
    await esl.api("status"); // queued behind the subscriptions, so they are in force
    fs.emitFrame(frameBytes("event_json_channel_create_cyrillic_a_leg"));
    fs.emitFrame(frameBytes("event_json_sofia_gateway_state_failed_503"));
    await esl.api("status");
    const delivered = events.filter((e) => e.name !== "BACKGROUND_JOB");
    expect(delivered.map((e) => [e.name, e.subclass])).toEqual([
      ["CHANNEL_CREATE", undefined],
      ["CUSTOM", "sofia::gateway_state"],
    ]);
    expect(delivered[0]!.headers["Caller-Caller-ID-Name"]).toBe("Оператор Qo'ng'iroq");
    expect(delivered[1]!.headers["State"]).toBe("FAILED");
  });

  test("a frame whose blank header line is split across two TCP reads is still delivered, and so is the next", async () => {
    const fs = await server();
    const esl = await connected(fs);
    const events: EslEvent[] = [];
    esl.onEvent((event) => events.push(event));
    await fs.waitForCommand((c) => c.startsWith("event json CUSTOM sofia::gateway_state"));
    await esl.api("status");
    const frame = frameBytes("event_json_channel_create_cyrillic_a_leg");
    const headerEnd = Buffer.from(frame).indexOf("\n\n");
    await fs.emitFrameSplit(frame, headerEnd + 1);
    fs.emitFrame(frameBytes("event_json_sofia_gateway_state_failed_503"));
    expect((await esl.api("status")).ok).toBe(true);
    const delivered = events.filter((e) => e.name !== "BACKGROUND_JOB");
    expect(delivered.map((e) => e.name)).toEqual(["CHANNEL_CREATE", "CUSTOM"]);
    expect(delivered[0]!.headers["Caller-Caller-ID-Name"]).toBe("Оператор Qo'ng'iroq");
  });

  test("killing FreeSWITCH ends a pending command as disconnected and reports the loss", async () => {
    const fs = await server();
    const esl = await connected(fs);
    const pending = esl.api("hang until killed", { timeout: 30_000 });
    await fs.waitForCommand((c) => c.startsWith("bgapi hang"));
    await fs.close();
    expect(await pending).toMatchObject({ ok: false, kind: "disconnected" });
    await reaches(esl, "disconnected");
    expect(await esl.api("status")).toMatchObject({ ok: false, kind: "disconnected" });
  });

  test("after FreeSWITCH restarts it reconnects, says connected again and resubscribes", async () => {
    const first = await server();
    const esl = await connected(first);
    const seen: EslConnectionStatus[] = [];
    esl.onStatus((status) => seen.push(status));
    await first.close();
    await reaches(esl, "disconnected");
    const second = await server({ port: first.port });
    await reaches(esl, "connected");
    expect(seen).toEqual(["disconnected", "connected"]);
    expect(second.received[0]).toBe("auth ClueCon");
    await second.waitForCommand((c) => c === "event json CHANNEL_CREATE");
    expect((await esl.api("status")).ok).toBe(true);
  });

  test("a command in flight when the connection drops is not sent again after reconnecting", async () => {
    const first = await server({ swallow: (c) => c.startsWith("bgapi originate") });
    const esl = await connected(first);
    const lost = esl.api("originate user/1001 &park()", { timeout: 30_000 });
    await first.waitForCommand((c) => c.startsWith("bgapi originate"));
    await first.close();
    expect(await lost).toMatchObject({ ok: false, kind: "disconnected" });
    const second = await server({ port: first.port });
    await reaches(esl, "connected");
    await esl.api("status");
    expect(second.received.some((c) => c.startsWith("bgapi originate"))).toBe(false);
  });

  test("a wrong password never counts as connected, and retries are spaced out", async () => {
    const fs = await server({ password: "right" });
    const esl = adapter(fs.port, "wrong");
    const statuses: EslConnectionStatus[] = [];
    esl.onStatus((status) => statuses.push(status));
    const attempts = () => fs.received.filter((c) => c === "auth wrong").length;
    while (attempts() < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(attempts()).toBeLessThanOrEqual(5); // esl-lite alone would have looped hundreds of times
    expect(statuses).not.toContain("connected");
    expect(esl.status()).toBe("disconnected");
  });

  test("a peer that accepts TCP but never greets is dropped and retried", async () => {
    let accepted = 0;
    const silent = createServer(() => accepted++);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => silent.close(resolve)));
    const address = silent.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const esl = createEslLiteAdapter({ host: "127.0.0.1", port, password: "x", log: createLogger("silent"), authTimeoutMs: 100 });
    cleanups.push(() => esl.close());
    while (accepted < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(esl.status()).not.toBe("connected");
  });

  test("close() stops reconnecting", async () => {
    const fs = await server();
    const esl = await connected(fs);
    esl.close();
    expect(esl.status()).toBe("disconnected");
    const before = fs.received.filter((c) => c.startsWith("auth")).length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fs.received.filter((c) => c.startsWith("auth")).length).toBe(before);
    expect(await esl.api("status")).toMatchObject({ ok: false, kind: "disconnected" });
  });

  test("a listener that throws does not stop other listeners or the connection", async () => {
    const fs = await server();
    const esl = await connected(fs);
    const names: string[] = [];
    esl.onEvent(() => {
      throw new Error("listener bug");
    });
    esl.onEvent((event) => names.push(event.name));
    await fs.waitForCommand((c) => c === "event json HEARTBEAT");
    await esl.api("status");
    fs.emitFrame(frameBytes("event_json_heartbeat"));
    expect((await esl.api("status")).ok).toBe(true);
    expect(names).toContain("HEARTBEAT");
  });
});

// Small real timings; nothing below asserts how long anything took.
const givesUpQuickly: Timings = { idleMs: 20, probeTimeoutMs: 100, authTimeoutMs: 100, maxBackoffMs: 200 };
// A generous probe timeout, so a stalled test runner cannot pass for a hung FreeSWITCH.
const probesOften: Timings = { idleMs: 10, probeTimeoutMs: 2_000 };

describe("noticing a FreeSWITCH that hangs with the socket still open", () => {
  test("a frozen FreeSWITCH is reported disconnected and the command waiting on it ends as disconnected", async () => {
    const fs = await server();
    const esl = await connected(fs, givesUpQuickly);
    fs.freeze();
    const pending = esl.api("show channels as json", { timeout: 30_000 });
    expect(await pending).toMatchObject({ ok: false, kind: "disconnected" });
    expect(esl.status()).toBe("disconnected");
    expect(await esl.api("status")).toMatchObject({ ok: false, kind: "disconnected" });
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

  test("a frozen FreeSWITCH replaced by a fresh one on the same port is reconnected to", async () => {
    const first = await server();
    const esl = await connected(first, givesUpQuickly);
    first.freeze();
    await reaches(esl, "disconnected");
    await first.close();
    const second = await server({ port: first.port });
    await reaches(esl, "connected");
    expect(second.received[0]).toBe("auth ClueCon");
    expect((await esl.api("status")).ok).toBe(true);
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
    const probes = () => fs.received.filter((c) => c.startsWith("bgapi status")).length;
    while (probes() < 3) await Bun.sleep(10);
    expect(seen).toEqual([]);
    expect(esl.status()).toBe("connected");
  });

  test("commands whose jobs hang on a FreeSWITCH that still replies neither drop the link nor set off a check", async () => {
    const fs = await server();
    const esl = await connected(fs, { idleMs: 600_000, probeTimeoutMs: 2_000 });
    const seen: EslConnectionStatus[] = [];
    esl.onStatus((status) => seen.push(status));
    for (let i = 0; i < 3; i++) {
      const hung = await esl.api(`hang ${i}`, { timeout: 50 });
      expect(hung.ok === false && hung.kind).toBe("timeout");
    }
    expect((await esl.api("status")).ok).toBe(true);
    expect(fs.received.filter((c) => c.startsWith("bgapi status"))).toHaveLength(1); // ours: no check went out before it
    expect(seen).toEqual([]);
  });
});
