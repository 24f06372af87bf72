/**
 * /api/v1/sounds: WAVs uploaded for greetings and music on hold, checked to
 * be what FreeSWITCH plays, kept where it can read them, listed, downloaded
 * and deleted, every write in the audit log.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSoundsRouter } from "../src/api/sounds/index.ts";
import { diskSoundFiles, type SoundFiles } from "../src/api/sounds/sound-file.ts";
import { testApp, testConfig, testDeps } from "./support/deps.ts";
import { wavBytes } from "./support/wav-bytes.ts";

const read = async (res: Response): Promise<any> => res.json();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function soundsApp() {
  const dir = join(mkdtempSync(join(tmpdir(), "callboard-sounds-")), "sounds");
  dirs.push(dir);
  const t = testApp({ config: testConfig({ CALLBOARD_SOUNDS_DIR: dir }) });
  const send = (method: string, name: string, body: Uint8Array | string, type = "audio/wav") =>
    t.app.request(`/api/v1/sounds/${name}`, { method, headers: { authorization: `Bearer ${t.admin}`, "content-type": type }, body });
  return { ...t, dir, send };
}

describe("sounds over REST", () => {
  test("a WAV is stored where FreeSWITCH reads it, group-readable, and described, listed and downloaded", async () => {
    const { send, call, dir, app, admin } = soundsApp();
    const bytes = wavBytes({ sampleRate: 8000, frames: 33600 });
    const res = await send("POST", "welcome", bytes);
    expect(res.status).toBe(201);
    const path = join(dir, "welcome.wav");
    expect(await read(res)).toMatchObject({ name: "welcome", sampleRate: 8000, durationMs: 4200, sizeBytes: bytes.byteLength, path });
    expect(new Uint8Array(readFileSync(path))).toEqual(bytes);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["welcome.wav"]);
    expect(await read(await call("GET", "/api/v1/sounds"))).toMatchObject({ total: 1, items: [{ name: "welcome", path }] });
    expect(await read(await call("GET", "/api/v1/sounds/welcome"))).toMatchObject({ name: "welcome", sampleRate: 8000 });
    const audio = await app.request("/api/v1/sounds/welcome/audio", { headers: { authorization: `Bearer ${admin}` } });
    expect(audio.headers.get("content-type")).toBe("audio/wav");
    expect(new Uint8Array(await audio.arrayBuffer())).toEqual(bytes);
  });

  test("a 44100 Hz or stereo file is 422 naming what is wrong, and nothing is written", async () => {
    const { send, call, dir } = soundsApp();
    const cd = await send("POST", "music", wavBytes({ sampleRate: 44100 }));
    expect(cd.status).toBe(422);
    expect((await read(cd)).error).toMatchObject({ field: "body", message: expect.stringMatching(/^sample rate 44100 Hz; FreeSWITCH plays 8000 or 16000 Hz mono/) });
    const stereo = await send("POST", "music", wavBytes({ channels: 2 }));
    expect((await read(stereo)).error.message).toStartWith("2 channels, not mono");
    const mp3 = await send("POST", "music", "ID3 not a wav at all");
    expect((await read(mp3)).error.message).toStartWith("not a RIFF file");
    expect((await read(await call("GET", "/api/v1/sounds"))).total).toBe(0);
    expect(() => readdirSync(dir)).toThrow();
  });

  test("a body not sent as audio/wav is 415; a bad name is 422; over 16 MiB is 413", async () => {
    const { send } = soundsApp();
    const json = await send("POST", "welcome", wavBytes(), "application/json");
    expect(json.status).toBe(415);
    expect((await read(json)).error.message).toContain("audio/wav");
    const dotted = await send("POST", "..%2Fetc", wavBytes());
    expect(dotted.status).toBe(422);
    expect((await read(dotted)).error.field).toBe("name");
    const huge = await send("POST", "huge", new Uint8Array(16 * 1024 * 1024 + 1));
    expect(huge.status).toBe(413);
  });

  test("POST refuses a name taken (409, the file kept); PUT replaces it", async () => {
    const { send, dir } = soundsApp();
    const first = wavBytes({ frames: 800 });
    expect((await send("POST", "welcome", first)).status).toBe(201);
    const taken = await send("POST", "welcome", wavBytes({ frames: 1600 }));
    expect(taken.status).toBe(409);
    expect(new Uint8Array(readFileSync(join(dir, "welcome.wav")))).toEqual(first);
    expect(readdirSync(dir)).toEqual(["welcome.wav"]);
    const second = wavBytes({ sampleRate: 16000, frames: 16000 });
    const replaced = await send("PUT", "welcome", second);
    expect(replaced.status).toBe(200);
    expect(await read(replaced)).toMatchObject({ sampleRate: 16000, durationMs: 1000 });
    expect(new Uint8Array(readFileSync(join(dir, "welcome.wav")))).toEqual(second);
    expect((await send("PUT", "hold", first)).status).toBe(201);
  });

  test("DELETE removes the row and the file; a missing sound is 404", async () => {
    const { send, call, dir } = soundsApp();
    await send("POST", "welcome", wavBytes());
    expect((await call("DELETE", "/api/v1/sounds/welcome")).status).toBe(204);
    expect(readdirSync(dir)).toEqual([]);
    expect((await call("DELETE", "/api/v1/sounds/welcome")).status).toBe(404);
    expect((await call("GET", "/api/v1/sounds/welcome/audio")).status).toBe(404);
  });

  test("uploads, replacements and deletions are in the audit log with who and what", async () => {
    const { send, call } = soundsApp();
    await send("POST", "welcome", wavBytes({ frames: 8000 }));
    await send("PUT", "welcome", wavBytes({ frames: 16000 }));
    await call("DELETE", "/api/v1/sounds/welcome");
    const { items } = await read(await call("GET", "/api/v1/audit"));
    expect(items.map((e: any) => [e.actor, e.action, e.summary])).toEqual([
      ["test-admin", "DELETE /api/v1/sounds/welcome", "deleted sound welcome (8000 Hz, 2.0 s, 32044 bytes)"],
      ["test-admin", "PUT /api/v1/sounds/welcome", "replaced sound welcome (8000 Hz, 2.0 s, 32044 bytes)"],
      ["test-admin", "POST /api/v1/sounds/welcome", "uploaded sound welcome (8000 Hz, 1.0 s, 16044 bytes)"],
    ]);
  });

  test("two PUTs of one sound at once: the row describes the audio that ends up in the file", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "callboard-sounds-")), "sounds");
    dirs.push(dir);
    // The first upload's move into place is held until the second request is done or (serialised) cannot go on.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let stages = 0;
    const files: SoundFiles = {
      ...diskSoundFiles,
      stage: async (...args) => {
        const staged = await diskSoundFiles.stage(...args);
        if (stages++ > 0) return staged;
        return { ...staged, commit: () => held.then(staged.commit) };
      },
    };
    const router = createSoundsRouter(testDeps({ config: testConfig({ CALLBOARD_SOUNDS_DIR: dir }) }), files);
    const put = async (bytes: Uint8Array) => router.request("/sounds/welcome", { method: "PUT", headers: { "content-type": "audio/wav" }, body: bytes });
    const [short, long] = [wavBytes({ frames: 800 }), wavBytes({ frames: 16000 })];
    const first = put(short);
    // The first row is committed (its file's move held) before the second request starts.
    while ((await router.request("/sounds/welcome")).status !== 200) await Bun.sleep(1);
    let secondDone = false;
    const second = put(long).finally(() => (secondDone = true));
    for (let turn = 0; turn < 50 && !secondDone; turn++) await Bun.sleep(2);
    release();
    expect((await Promise.all([first, second])).map((r) => r.status)).toEqual([201, 200]);
    const row = await read(await router.request("/sounds/welcome"));
    const onDisk = new Uint8Array(readFileSync(join(dir, "welcome.wav")));
    expect({ row: row.sizeBytes, file: onDisk.byteLength }).toEqual({ row: long.byteLength, file: long.byteLength });
  });

  test("a viewer may list and download but not upload or delete", async () => {
    const { app, viewer } = soundsApp();
    const res = await app.request("/api/v1/sounds/welcome", { method: "POST", headers: { authorization: `Bearer ${viewer}`, "content-type": "audio/wav" }, body: wavBytes() });
    expect(res.status).toBe(403);
  });
});
