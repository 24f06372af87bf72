import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registerRecording } from "../src/db/recordings.ts";
import { recordings } from "../src/db/schema.ts";
import { eq } from "drizzle-orm";
import { storeCdr } from "../src/db/cdrs.ts";
import { parseJsonCdr } from "../src/cdr/parse-json-cdr.ts";
import { createLogger } from "../src/log.ts";
import { fixtureBytes, A_LEG, A_LEG_UUID, outboundGatewayBody, toBytes } from "./support/cdr-bodies.ts";
import { testApp, testConfig } from "./support/deps.ts";

const root = mkdtempSync(join(tmpdir(), "callboard-rec-"));
const recDir = join(root, "recordings");
const dayDir = join(recDir, "2026/11/22");
mkdirSync(dayDir, { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A valid 8 kHz mono 16-bit WAV: 44-byte header, then `samples` samples of a ramp. */
function wav(samples: number): Uint8Array<ArrayBuffer> {
  const data = samples * 2;
  const buf = Buffer.alloc(44 + data);
  buf.write("RIFF", 0);
  buf.writeUInt32LE(36 + data, 4);
  buf.write("WAVEfmt ", 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(8000, 24);
  buf.writeUInt32LE(16000, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write("data", 36);
  buf.writeUInt32LE(data, 40);
  for (let i = 0; i < samples; i++) buf.writeInt16LE((i * 37) % 32767, 44 + i * 2);
  return new Uint8Array(buf);
}

const audio = wav(500); // 1044 bytes
const t = testApp({ config: testConfig({ CALLBOARD_RECORDINGS_DIR: recDir }) });
const db = t.deps.db;

function fileRecording(name: string, bytes: Uint8Array | undefined, extra: Partial<Parameters<typeof registerRecording>[1]> = {}) {
  const path = join(dayDir, name);
  if (bytes) writeFileSync(path, bytes);
  return registerRecording(db, { path, channelUuid: `leg-${name}`, ...extra })!.id;
}

const callWav = fileRecording("call.wav", audio, { channelUuid: A_LEG_UUID, callUuid: A_LEG_UUID, startedAt: new Date("2026-11-22T10:33:31Z") });
const mp3 = fileRecording("other.mp3", new Uint8Array([0xff, 0xfb, 0x90, 0x00]), { startedAt: new Date("2026-11-20T09:00:00Z") });
const parsed = parseJsonCdr(fixtureBytes(A_LEG));
if (parsed.ok) storeCdr(db, parsed);

const get = (path: string, headers: Record<string, string> = {}) =>
  t.app.request(path, { headers: { authorization: `Bearer ${t.viewer}`, ...headers } });
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field
const json = async (res: Response): Promise<any> => res.json();

describe("GET /api/v1/recordings", () => {
  test("filters by call, time and extension; items carry a file name, never a path", async () => {
    const byCall = await json(await get(`/api/v1/recordings?call=${A_LEG_UUID}`));
    expect(byCall.items.map((r: { id: number }) => r.id)).toEqual([callWav]);
    expect(byCall.items[0]).toMatchObject({ fileName: "call.wav", format: "wav", audioUrl: `/api/v1/recordings/${callWav}/audio` });
    expect(JSON.stringify(byCall)).not.toContain(recDir);
    const byTime = await json(await get("/api/v1/recordings?from=2026-11-19&to=2026-11-21"));
    expect(byTime.items.map((r: { id: number }) => r.id)).toEqual([mp3]);
    const byExtension = await json(await get("/api/v1/recordings?extension=1002"));
    expect(byExtension.items.map((r: { id: number }) => r.id)).toEqual([callWav]);
  });
});

describe("GET /api/v1/recordings/{id}/audio", () => {
  test("the whole file, with its type and Accept-Ranges", async () => {
    const res = await get(`/api/v1/recordings/${callWav}/audio`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/wav");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("content-length")).toBe(String(audio.length));
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(audio);
  });

  test("first bytes: the WAV header", async () => {
    const res = await get(`/api/v1/recordings/${callWav}/audio`, { range: "bytes=0-43" });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes 0-43/${audio.length}`);
    const head = new Uint8Array(await res.arrayBuffer());
    expect(head).toEqual(audio.subarray(0, 44));
    expect(new TextDecoder().decode(head.subarray(0, 4))).toBe("RIFF");
  });

  test("suffix and open-ended ranges", async () => {
    const suffix = await get(`/api/v1/recordings/${callWav}/audio`, { range: "bytes=-100" });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get("content-range")).toBe(`bytes 944-1043/${audio.length}`);
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(audio.subarray(944));
    const open = await get(`/api/v1/recordings/${callWav}/audio`, { range: "bytes=1000-" });
    expect(open.status).toBe(206);
    expect(open.headers.get("content-length")).toBe("44");
    expect(new Uint8Array(await open.arrayBuffer())).toEqual(audio.subarray(1000));
  });

  test("a range past the end or one that does not parse is 416 with the size", async () => {
    for (const range of ["bytes=5000-", "bytes=9-3", "bytes=abc"]) {
      const res = await get(`/api/v1/recordings/${callWav}/audio`, { range });
      expect(res.status).toBe(416);
      expect(res.headers.get("content-range")).toBe(`bytes */${audio.length}`);
    }
  });

  test("an mp3 is served as audio/mpeg", async () => {
    expect((await get(`/api/v1/recordings/${mp3}/audio`)).headers.get("content-type")).toBe("audio/mpeg");
  });

  test("a file outside the recordings directory is never served, by .. or by symlink", async () => {
    const secret = join(root, "secret.wav");
    writeFileSync(secret, "not yours");
    const dotdot = registerRecording(db, { path: join(dayDir, "../../../../secret.wav"), channelUuid: "x1" })!.id;
    symlinkSync(secret, join(dayDir, "link.wav"));
    const link = registerRecording(db, { path: join(dayDir, "link.wav"), channelUuid: "x2" })!.id;
    for (const id of [dotdot, link]) {
      const res = await get(`/api/v1/recordings/${id}/audio`);
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain("not yours");
    }
  });

  test("a registered file that is not on disk is 404; a non-numeric id is 422", async () => {
    const gone = fileRecording("gone.wav", undefined);
    expect((await get(`/api/v1/recordings/${gone}/audio`)).status).toBe(404);
    expect((await get("/api/v1/recordings/..%2Fetc%2Fpasswd/audio")).status).toBe(422);
  });
});

describe("DELETE /api/v1/recordings/{id}", () => {
  const del = (id: number, token = t.admin) => t.call("DELETE", `/api/v1/recordings/${id}`, undefined, token);

  test("removes the file and the row", async () => {
    const id = fileRecording("delete-me.wav", wav(10));
    const res = await del(id);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ id, fileRemoved: true, message: "recording and file deleted" });
    expect(existsSync(join(dayDir, "delete-me.wav"))).toBe(false);
    expect(db.select().from(recordings).where(eq(recordings.id, id)).get()).toBeUndefined();
  });

  test("a missing file still removes the row, and says so", async () => {
    const id = fileRecording("never-written.wav", undefined);
    const body = await json(await del(id));
    expect(body.fileRemoved).toBe(false);
    expect(body.message).toContain("already missing");
    expect(db.select().from(recordings).where(eq(recordings.id, id)).get()).toBeUndefined();
  });

  test("a file outside the recordings directory is left in place", async () => {
    const outside = join(root, "keep.wav");
    writeFileSync(outside, "keep");
    const id = registerRecording(db, { path: outside, channelUuid: "x3" })!.id;
    expect((await json(await del(id))).fileRemoved).toBe(false);
    expect(existsSync(outside)).toBe(true);
  });

  test("a viewer may not delete", async () => {
    const id = fileRecording("viewer.wav", wav(10));
    expect((await del(id, t.viewer)).status).toBe(403);
    expect(existsSync(join(dayDir, "viewer.wav"))).toBe(true);
  });

  test("an unknown id is 404", async () => {
    expect((await del(999999)).status).toBe(404);
  });
});

describe("a recording that failed, and paths no file can have", () => {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger("warn", { write: (line: string) => lines.push(JSON.parse(line)) });
  const h = testApp({ config: testConfig({ CALLBOARD_RECORDINGS_DIR: recDir }), log });
  const loopback = { requestIP: () => ({ address: "127.0.0.1", family: "IPv4", port: 40000 }) };
  const postCdr = (body: Uint8Array) => h.app.request("/freeswitch/cdr", { method: "POST", headers: { "content-type": "application/json" }, body }, loopback);
  const rows = (uuid: string) => h.deps.db.select().from(recordings).where(eq(recordings.channelUuid, uuid)).all();
  const hGet = (path: string) => h.app.request(path, { headers: { authorization: `Bearer ${h.viewer}` } });

  /** A recorded outbound call whose CDR carries `vars` over the captured ones (null deletes one). */
  function recordedCall(uuid: string, path: string, vars: Record<string, string | null> = {}) {
    const body = JSON.parse(new TextDecoder().decode(outboundGatewayBody(uuid, path)));
    for (const [k, v] of Object.entries(vars)) {
      if (v === null) delete body.variables[k];
      else body.variables[k] = v;
    }
    return toBytes(body);
  }

  test("FreeSWITCH could not open the file: the CDR stores the recording as failed, /audio answers 410 and the log says so", async () => {
    const uuid = "0d5b1b0e-8a53-4d7e-9f57-3b1c0f3e6a10";
    const path = join(dayDir, `failed-${uuid}.wav`);
    // What switch_ivr_record_session_event leaves when switch_core_file_open fails: no record_ms or size, just the cause.
    expect((await postCdr(recordedCall(uuid, path, { record_completion_cause: "uri-failure", record_ms: null, record_file_size: null }))).status).toBe(200);
    const [row] = rows(uuid);
    expect(row?.status).toBe("failed");
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, uuid, source: "CDR", status: "failed", msg: expect.stringContaining("could not write") }));

    const listed = await json(await hGet(`/api/v1/recordings?status=failed`));
    expect(listed.items.map((r: { id: number; status: string }) => [r.id, r.status])).toEqual([[row!.id, "failed"]]);
    const audio = await hGet(`/api/v1/recordings/${row!.id}/audio`);
    expect(audio.status).toBe(410);
    expect((await json(audio)).error).toEqual({ code: "recording_failed", message: expect.stringContaining("FreeSWITCH could not write") });
  });

  test("a recorded call whose file never appeared is missing; one with audio on disk is ok", async () => {
    const missing = "0d5b1b0e-8a53-4d7e-9f57-3b1c0f3e6a11";
    await postCdr(recordedCall(missing, join(dayDir, `${missing}.wav`)));
    expect(rows(missing)[0]?.status).toBe("missing");
    expect((await hGet(`/api/v1/recordings/${rows(missing)[0]!.id}/audio`)).status).toBe(404);

    const good = "0d5b1b0e-8a53-4d7e-9f57-3b1c0f3e6a12";
    writeFileSync(join(dayDir, `${good}.wav`), audio);
    await postCdr(recordedCall(good, join(dayDir, `${good}.wav`)));
    expect(rows(good)[0]).toMatchObject({ status: "ok", sizeBytes: audio.length });
    const item = await json(await hGet(`/api/v1/recordings/${rows(good)[0]!.id}`));
    expect(item.status).toBe("ok");
  });

  test("a CDR naming a path with a NUL, or outside the recordings directory, is stored without that recording, and the log names the leg", async () => {
    const nul = "0d5b1b0e-8a53-4d7e-9f57-3b1c0f3e6a13";
    const outside = "0d5b1b0e-8a53-4d7e-9f57-3b1c0f3e6a14";
    expect((await postCdr(recordedCall(nul, `${dayDir}/x\u0000.wav`))).status).toBe(200);
    expect((await postCdr(recordedCall(outside, join(root, "elsewhere.wav")))).status).toBe(200);
    expect(rows(nul)).toHaveLength(0);
    expect(rows(outside)).toHaveLength(0);
    expect((await json(await hGet(`/api/v1/cdrs/${nul}`))).uuid).toBe(nul);
    for (const uuid of [nul, outside]) {
      expect(lines).toContainEqual(expect.objectContaining({ level: 40, uuid, source: "CDR", msg: expect.stringMatching(/^recording refused: its path /) }));
    }
  });

  test("a row stored before the check, with a NUL in its path, answers /audio with a clean 404, and DELETE removes the row without touching a file", async () => {
    const row = h.deps.db.insert(recordings).values({ path: `${dayDir}/old\u0000.wav`, channelUuid: "legacy-nul" }).returning().get();
    expect((await hGet(`/api/v1/recordings?call=legacy-nul`)).status).toBe(200);
    const res = await hGet(`/api/v1/recordings/${row.id}/audio`);
    expect(res.status).toBe(404);
    expect((await json(res)).error).toEqual({ code: "not_found", message: `recording ${row.id} has no file: its stored path cannot name one` });

    const del = await h.call("DELETE", `/api/v1/recordings/${row.id}`);
    expect(del.status).toBe(200);
    expect(await json(del)).toEqual({ id: row.id, fileRemoved: false, message: "recording deleted; its stored path cannot name a file, so no file was touched" });
    expect(h.deps.db.select().from(recordings).where(eq(recordings.id, row.id)).get()).toBeUndefined();
  });
});
