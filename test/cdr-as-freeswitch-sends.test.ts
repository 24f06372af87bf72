/**
 * The bytes mod_json_cdr 1.10.12 (over libcurl) puts on the wire, written to
 * a real socket by hand so nothing in between adds or fixes a header.
 * Read from src/mod/event_handlers/mod_json_cdr/mod_json_cdr.c: the URL gets
 * `?uuid=<leg uuid>`; with `disable-100-continue=true` the header list holding
 * `Content-Type: application/json` is replaced by one holding only `Expect:`,
 * so curl labels the body as a form; without it, curl asks
 * `Expect: 100-continue` before sending a large body.
 */
import { afterAll, expect, test } from "bun:test";
import { connect } from "node:net";
import { eq } from "drizzle-orm";
import { startServer } from "../src/system.ts";
import { cdrs } from "../src/db/schema.ts";
import { A_LEG, A_LEG_UUID, CYRILLIC, CYRILLIC_UUID, fixtureBytes } from "./support/cdr-bodies.ts";
import { testConfig, testDeps } from "./support/deps.ts";

const deps = testDeps({ config: testConfig({ CALLBOARD_XMLCURL_USER: "freeswitch", CALLBOARD_XMLCURL_PASSWORD: "cdr-secret-1" }) });
const server = startServer(deps);
afterAll(() => server.stop());

const AUTH = `Basic ${Buffer.from("freeswitch:cdr-secret-1").toString("base64")}`;

/** libcurl's header order for a POST with basic auth, a user agent and POSTFIELDS. */
function head(uuid: string, body: Uint8Array, contentType: string, expect100: boolean): string {
  return [
    `POST /freeswitch/cdr?uuid=${uuid} HTTP/1.1`,
    `Host: 127.0.0.1:${server.port}`,
    `Authorization: ${AUTH}`,
    "User-Agent: freeswitch-json/1.0",
    "Accept: */*",
    `Content-Length: ${body.length}`,
    `Content-Type: ${contentType}`,
    ...(expect100 ? ["Expect: 100-continue"] : []),
    "",
    "",
  ].join("\r\n");
}

/**
 * Sends the head, and the body either right after it or, like curl with
 * `Expect: 100-continue`, only once the server said `100 Continue`.
 * Resolves with everything the server sent until it answered.
 */
function exchange(headText: string, body: Uint8Array, waitFor100: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: server.port! });
    let received = "";
    let bodySent = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within 5 s; got: ${JSON.stringify(received)}`));
    }, 5000);
    const sendBody = () => {
      bodySent = true;
      socket.write(body);
    };
    socket.on("error", reject);
    socket.on("connect", () => {
      socket.write(headText);
      if (!waitFor100) sendBody();
    });
    socket.on("data", (chunk) => {
      received += chunk.toString("utf8");
      if (!bodySent && /^HTTP\/1\.1 100 Continue\r\n\r\n/.test(received)) sendBody();
      const final = /HTTP\/1\.1 [2-5]\d\d [^\r]*\r\n[\s\S]*?\r\n\r\n([\s\S]*)$/.exec(received.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, ""));
      if (final && /\n$/.test(final[1]!)) {
        clearTimeout(timer);
        socket.end();
        resolve(received);
      }
    });
  });
}

const stored = (uuid: string) => deps.db.select().from(cdrs).where(eq(cdrs.uuid, uuid)).all();

test("what FreeSWITCH 1.10.12 sent with the old disable-100-continue config (JSON labelled as a form) is stored", async () => {
  const body = fixtureBytes(A_LEG);
  const answer = await exchange(head(A_LEG_UUID, body, "application/x-www-form-urlencoded", false), body, false);
  expect(answer).toStartWith("HTTP/1.1 200 OK\r\n");
  expect(answer).toEndWith("\r\n\r\nOK\n");
  const rows = stored(A_LEG_UUID);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ callerIdNumber: "1001", destinationNumber: "1002", billSeconds: 6 });
  expect(rows[0]?.raw).toBe(new TextDecoder().decode(body));
});

test("what the shipped config sends for a large CDR (application/json, Expect: 100-continue) gets 100 Continue, then is stored once", async () => {
  const body = fixtureBytes(CYRILLIC);
  expect(body.length).toBeGreaterThan(1024);
  const answer = await exchange(head(CYRILLIC_UUID, body, "application/json", true), body, true);
  expect(answer).toStartWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n");
  const again = await exchange(head(CYRILLIC_UUID, body, "application/json", true), body, true);
  expect(again).toEndWith("\r\n\r\nOK duplicate\n");
  expect(stored(CYRILLIC_UUID).map((r) => r.callerIdName)).toEqual(["Оператор Qo'ng'iroq"]);
});
