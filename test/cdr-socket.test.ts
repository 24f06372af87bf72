import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createToken } from "../src/db/tokens.ts";
import { startServer } from "../src/system.ts";
import { CYRILLIC, CYRILLIC_UUID, fixtureBytes, outboundGatewayBody } from "./support/cdr-bodies.ts";
import { testConfig, testDeps } from "./support/deps.ts";

const recDir = mkdtempSync(join(tmpdir(), "callboard-cdr-socket-"));
mkdirSync(join(recDir, "2026"), { recursive: true });
const recording = join(recDir, "2026", "out.wav");
const audio = new Uint8Array(Array.from({ length: 300 }, (_, i) => i % 256));
writeFileSync(recording, audio);

const deps = testDeps({ config: testConfig({ CALLBOARD_RECORDINGS_DIR: recDir, CALLBOARD_HTTP_PORT: "0" }) });
const token = createToken(deps.db, "socket-viewer", "viewer");
const server = startServer(deps);
afterAll(async () => {
  await server.stop();
  rmSync(recDir, { recursive: true, force: true });
});

/** Exactly the request line and headers mod_json_cdr sent in the capture (json_cdr-cyrillic-caller.txt). */
const postLikeFreeswitch = (body: Uint8Array, uuid: string) =>
  fetch(`${server.url}/freeswitch/cdr/json?uuid=${uuid}`, {
    method: "POST",
    headers: { "User-Agent": "freeswitch-json/1.0", Accept: "*/*", "Content-Type": "application/json" },
    body,
  });

test("over a real socket from loopback: a CDR posted twice is stored once and listed", async () => {
  const first = await postLikeFreeswitch(fixtureBytes(CYRILLIC), CYRILLIC_UUID);
  expect(first.status).toBe(200);
  expect((await postLikeFreeswitch(fixtureBytes(CYRILLIC), CYRILLIC_UUID)).status).toBe(200);

  const res = await fetch(`${server.url}/api/v1/cdrs`, { headers: { authorization: `Bearer ${token}` } });
  const page = (await res.json()) as { total: number; items: { uuid: string; callerIdName: string }[] };
  expect(page.total).toBe(1);
  expect(page.items[0]).toMatchObject({ uuid: CYRILLIC_UUID, callerIdName: "Оператор Qo'ng'iroq" });
});

test("over a real socket: a recording named by a CDR downloads by range", async () => {
  const uuid = "0d5b1b0e-8a53-4d7e-9f57-3b1c0f3e6a01";
  expect((await postLikeFreeswitch(outboundGatewayBody(uuid, recording), uuid)).status).toBe(200);
  const auth = { authorization: `Bearer ${token}` };
  const list = (await (await fetch(`${server.url}/api/v1/recordings?call=${uuid}`, { headers: auth })).json()) as { items: { audioUrl: string }[] };
  const url = `${server.url}${list.items[0]?.audioUrl}`;
  const part = await fetch(url, { headers: { ...auth, range: "bytes=100-199" } });
  expect(part.status).toBe(206);
  expect(part.headers.get("content-range")).toBe("bytes 100-199/300");
  expect(new Uint8Array(await part.arrayBuffer())).toEqual(audio.subarray(100, 200));
});
