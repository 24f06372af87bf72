/**
 * /api/v1/extensions/{number}/voicemail: the box (on/off, PIN, greeting) and
 * its messages, read and deleted through mod_voicemail's own API commands.
 * FreeSWITCH is played by a fake event socket answering vm_list/vm_delete as
 * mod_voicemail does (`-ERR no reply` for an empty box).
 */
import { expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { extensions } from "../src/db/schema.ts";
import type { EslPort } from "../src/esl/port.ts";
import { voicemailPinHash } from "../src/pbx/voicemail.ts";
import { offlineEsl, TEST_DOMAIN, testApp, testConfig } from "./support/deps.ts";

const UUID = "e6ace884-8047-4389-8ffa-1aa921cd5853";

function wav(rate = 8000, channels = 1): Uint8Array {
  const b = Buffer.alloc(44 + rate * 2 * channels);
  b.write("RIFF", 0);
  b.writeUInt32LE(36 + rate * 2 * channels, 4);
  b.write("WAVEfmt ", 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(channels, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2 * channels, 28);
  b.writeUInt16LE(2 * channels, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36);
  b.writeUInt32LE(rate * 2 * channels, 40);
  return b;
}

function setup(now?: () => number) {
  const dir = mkdtempSync(join(tmpdir(), "callboard-vm-"));
  const config = testConfig({ CALLBOARD_VOICEMAIL_DIR: dir });
  const box = join(config.voicemail.messages, TEST_DOMAIN, "1001");
  mkdirSync(box, { recursive: true });
  const path = join(box, `msg_${UUID}.wav`);
  writeFileSync(path, wav());
  const sent: string[] = [];
  let stored = [`1796182030:0:1001:${TEST_DOMAIN}:inbox:${path}:${UUID}:Шахноза: Юсупова:1002:7`];
  const esl: EslPort = {
    ...offlineEsl(),
    status: () => "connected",
    api: async (command) => {
      sent.push(command);
      if (command.startsWith("vm_list 1001@")) {
        return stored.length ? { ok: true, value: `${stored.join("\n")}\n` } : { ok: false, kind: "error", message: "no reply" };
      }
      if (command.startsWith("vm_delete ")) {
        stored = [];
        return { ok: true, value: "+OK\n" };
      }
      return { ok: true, value: "+OK" };
    },
  };
  const t = testApp({ config, esl, now });
  const upload = (number: string, body: Uint8Array, type = "audio/wav") =>
    t.app.request(`/api/v1/extensions/${number}/voicemail/greeting`, {
      method: "PUT",
      headers: { authorization: `Bearer ${t.admin}`, "content-type": type },
      body,
    });
  return { ...t, sent, path, config, upload };
}

async function withExtension(now?: () => number) {
  const s = setup(now);
  expect((await s.call("POST", "/api/v1/extensions", { number: "1001", name: "Operator 1" })).status).toBe(201);
  return s;
}

test("a box is turned on with a PIN; the PIN is stored as mod_voicemail's hash, never shown, and FreeSWITCH forgets the old one", async () => {
  const { call, deps, sent } = await withExtension();
  expect(await (await call("GET", "/api/v1/extensions/1001/voicemail")).json()).toEqual({ number: "1001", enabled: false, pinSet: false, greeting: false });
  const res = await call("PUT", "/api/v1/extensions/1001/voicemail", { enabled: true, pin: "480215" });
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(JSON.parse(text)).toEqual({ number: "1001", enabled: true, pinSet: true, greeting: false });
  expect(text).not.toContain("480215");
  const row = deps.db.select().from(extensions).where(eq(extensions.number, "1001")).get()!;
  expect(row.voicemailPinHash).toBe(voicemailPinHash("1001", TEST_DOMAIN, "480215"));
  expect(sent).toContain(`xml_flush_cache id 1001 ${TEST_DOMAIN}`);
  expect(((await (await call("GET", "/api/v1/extensions/1001")).json()) as { voicemail: boolean }).voicemail).toBe(true);
  const audit = (await (await call("GET", "/api/v1/audit")).json()) as { items: { summary: string; changes: string }[] };
  expect(audit.items[0]!.summary).toBe("changed extension 1001: voicemail, voicemailPin");
  expect(JSON.stringify(audit.items[0])).not.toContain("480215");
});

test("a weak PIN is refused naming the field, and nothing changes", async () => {
  const { call } = await withExtension();
  for (const pin of ["1234", "1001", "12a4", "00000"]) {
    const res = await call("PUT", "/api/v1/extensions/1001/voicemail", { enabled: true, pin });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe("pin");
  }
  expect(await (await call("GET", "/api/v1/extensions/1001/voicemail")).json()).toMatchObject({ enabled: false, pinSet: false });
  expect((await call("PUT", "/api/v1/extensions/9999/voicemail", { enabled: true })).status).toBe(404);
});

test("a greeting WAV is stored where FreeSWITCH reads it; a file it would not play gets 422 saying why", async () => {
  const { upload, config, call } = await withExtension();
  const bad = await upload("1001", wav(44100));
  expect(bad.status).toBe(422);
  expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/sample rate 44100 Hz/);
  expect((await upload("1001", wav(8000, 2))).status).toBe(422);
  expect((await upload("1001", Buffer.from("not audio"), "text/plain")).status).toBe(415);
  const ok = await upload("1001", wav(16000));
  expect(ok.status).toBe(200);
  expect(await ok.json()).toMatchObject({ greeting: true });
  expect(readdirSync(config.voicemail.greetings)).toEqual([expect.stringMatching(/^1001-[0-9a-z]+\.wav$/)]);
  // A new upload replaces the file; deleting the greeting removes it.
  expect((await upload("1001", wav())).status).toBe(200);
  expect(readdirSync(config.voicemail.greetings)).toHaveLength(1);
  expect(await (await call("DELETE", "/api/v1/extensions/1001/voicemail/greeting")).json()).toMatchObject({ greeting: false });
  expect(readdirSync(config.voicemail.greetings)).toEqual([]);
});

test("a greeting is taken under every Content-Type a sound is: audio/wave and application/octet-stream too", async () => {
  const { upload } = await withExtension();
  for (const type of ["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "application/octet-stream", "Audio/WAV; charset=binary"]) {
    expect([type, (await upload("1001", wav(), type)).status]).toEqual([type, 200]);
  }
  const refused = await upload("1001", wav(), "application/json");
  expect(refused.status).toBe(415);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("audio/wav");
});

test("two greetings uploaded in the same millisecond, one after the other or at once, leave the box's greeting on disk", async () => {
  const { upload, config, deps } = await withExtension(() => 1_796_182_030_000);
  const stored = () => deps.db.select().from(extensions).where(eq(extensions.number, "1001")).get()!.voicemailGreeting!;
  expect((await upload("1001", wav())).status).toBe(200);
  expect((await upload("1001", wav(16000))).status).toBe(200);
  expect(readdirSync(config.voicemail.greetings)).toEqual([stored()]);
  expect(new Uint8Array(readFileSync(join(config.voicemail.greetings, stored())))).toEqual(new Uint8Array(wav(16000)));
  const both = await Promise.all([upload("1001", wav()), upload("1001", wav(16000))]);
  expect(both.map((r) => r.status)).toEqual([200, 200]);
  expect(readdirSync(config.voicemail.greetings)).toEqual([stored()]);
});

test("messages are listed from vm_list, downloaded with Range, and deleted through vm_delete", async () => {
  const { call, app, admin, sent } = await withExtension();
  const list = (await (await call("GET", "/api/v1/extensions/1001/voicemail/messages")).json()) as { items: unknown[]; total: number };
  expect(list).toEqual({
    items: [{ uuid: UUID, createdAt: "2026-12-02T03:27:10.000Z", readAt: null, callerIdName: "Шахноза: Юсупова", callerIdNumber: "1002", seconds: 7, folder: "inbox" }],
    total: 1,
  });
  expect(sent).toContain(`vm_list 1001@${TEST_DOMAIN}/default`);
  const audio = await app.request(`/api/v1/extensions/1001/voicemail/messages/${UUID}/audio`, { headers: { authorization: `Bearer ${admin}`, range: "bytes=0-3" } });
  expect(audio.status).toBe(206);
  expect(Buffer.from(await audio.arrayBuffer()).toString()).toBe("RIFF");
  expect((await call("DELETE", `/api/v1/extensions/1001/voicemail/messages/3b5e1f0e-7d59-4a8e-9a52-2c7f0d3c1b11`)).status).toBe(404);
  expect((await call("DELETE", `/api/v1/extensions/1001/voicemail/messages/${UUID}`)).status).toBe(204);
  expect(sent).toContain(`vm_delete 1001@${TEST_DOMAIN}/default ${UUID}`);
  expect(await (await call("GET", "/api/v1/extensions/1001/voicemail/messages")).json()).toEqual({ items: [], total: 0 });
});

test("a viewer token reads the box and its messages but changes nothing", async () => {
  const { call, viewer } = await withExtension();
  expect((await call("GET", "/api/v1/extensions/1001/voicemail", undefined, viewer)).status).toBe(200);
  expect((await call("PUT", "/api/v1/extensions/1001/voicemail", { enabled: true }, viewer)).status).toBe(403);
  expect((await call("DELETE", `/api/v1/extensions/1001/voicemail/messages/${UUID}`, undefined, viewer)).status).toBe(403);
});
