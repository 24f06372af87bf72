/**
 * The exact bytes a real FreeSWITCH 1.10.12 with the shipped freeswitch-conf/
 * sent callboard for one call 1001 → 1002 (test/fixtures/freeswitch/http/,
 * captured by a TCP tee in front of callboard), replayed over a real socket:
 * mod_xml_curl's directory and dialplan lookups and mod_json_cdr's two legs.
 */
import { afterAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createToken } from "../src/db/tokens.ts";
import { startServer } from "../src/system.ts";
import { extensions } from "../src/db/schema.ts";
import { testConfig, testDeps } from "./support/deps.ts";
import { a1 } from "./support/xmlcurl-bodies.ts";

const HTTP = join(import.meta.dir, "fixtures/freeswitch/http");
const deps = testDeps({ config: testConfig({ CALLBOARD_DOMAIN: "pbx.test", CALLBOARD_HTTP_PORT: "0" }) });
for (const [number, name] of [["1001", "Dilnoza Karimova"], ["1002", "Шахноза Юсупова"]] as const) {
  deps.db.insert(extensions).values({ number, name, a1Hash: a1(number, `Capture-Pass-${number}`, "pbx.test"), realm: "pbx.test" }).run();
}
const server = startServer(deps);
afterAll(() => server.stop());

/** Sends the captured request byte for byte (only Host differs in meaning) and reads the reply. */
async function replay(name: string): Promise<{ status: number; body: string }> {
  const raw = readFileSync(join(HTTP, name));
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    Bun.connect({
      hostname: "127.0.0.1",
      port: server.port,
      socket: {
        open: (s) => void s.write(raw),
        data: (s, d) => {
          chunks.push(Buffer.from(d));
          const text = Buffer.concat(chunks).toString("latin1");
          const head = text.indexOf("\r\n\r\n");
          const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? -1);
          if (head >= 0 && length >= 0 && Buffer.concat(chunks).length >= head + 4 + length) s.end();
        },
        close: () => resolve(),
        error: (_s, err) => reject(err),
      },
    }).catch(reject);
  });
  const text = Buffer.concat(chunks).toString("utf8");
  return { status: Number(text.slice(9, 12)), body: text.slice(text.indexOf("\r\n\r\n") + 4) };
}

test("the captured REGISTER of 1002 and INVITE digest of 1001 get their a1-hashes", async () => {
  for (const [file, number] of [["register", "1002"], ["invite", "1001"]] as const) {
    const { status, body } = await replay(`xml_curl-post-directory-sip_auth-${file}.raw`);
    expect(status).toBe(200);
    expect(body).toContain(`<user id="${number}" cacheable="1800000"><params><param name="a1-hash" value="${a1(number, `Capture-Pass-${number}`, "pbx.test")}"/>`);
  }
});

test("the captured dialplan lookup of 1001 → 1002 bridges user/1002", async () => {
  const { status, body } = await replay("xml_curl-post-dialplan-default.raw");
  expect(status).toBe(200);
  expect(body).toContain('<context name="default">');
  expect(body).toContain("user/1002@pbx.test");
});

test("the captured user_call lookup gives 1002 a dial string", async () => {
  const { status, body } = await replay("xml_curl-post-directory-user_call.raw");
  expect(status).toBe(200);
  expect(body).toContain('<param name="dial-string" value="{sip_invite_domain=pbx.test,presence_id=1002@pbx.test}sofia/internal/1002%pbx.test"/>');
});

test("the captured voicemail.conf request gets profile default, keeping messages in callboard's voicemail dir", async () => {
  const { status, body } = await replay("xml_curl-post-configuration-voicemail.conf.raw");
  expect(status).toBe(200);
  expect(body).toContain('<configuration name="voicemail.conf" description="Voicemail, from callboard"><settings/><profiles><profile name="default">');
  expect(body).toContain(`<param name="storage-dir" value="${deps.config.voicemail.messages}"/>`);
  expect(body).toContain('<param name="allow-empty-password-auth" value="false"/>');
});

test("both captured json_cdr posts are stored, linked as one call, and a retry stores nothing twice", async () => {
  for (const leg of ["a", "b", "a"]) expect((await replay(`json_cdr-post-${leg}-leg.raw`)).status).toBe(200);
  const token = createToken(deps.db, "captured", "viewer");
  const res = await fetch(`${server.url}/api/v1/cdrs`, { headers: { authorization: `Bearer ${token}` } });
  const { items } = (await res.json()) as { items: { leg: string; callUuid: string; hangupCause: string }[] };
  expect(items.map((c) => c.leg).sort()).toEqual(["a", "b"]);
  expect(new Set(items.map((c) => c.callUuid)).size).toBe(1);
  expect(items.every((c) => c.hangupCause === "NORMAL_CLEARING")).toBe(true);
});
