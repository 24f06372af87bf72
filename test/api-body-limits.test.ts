/**
 * Every surface refuses an oversized body before reading it (Content-Length)
 * or as soon as it passes the limit (chunked), in the surface's own shape:
 * JSON for the REST API, plain text for FreeSWITCH's endpoints.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { BODY_LIMITS, MAX_REQUEST_BODY } from "../src/http/body-limits.ts";
import { createToken } from "../src/db/tokens.ts";
import { startServer } from "../src/system.ts";
import { cdrs, extensions } from "../src/db/schema.ts";
import { CYRILLIC, fixtureBytes } from "./support/cdr-bodies.ts";
import { TEST_DOMAIN, testApp, testDeps } from "./support/deps.ts";
import { editBody, fixtureBody, fromAddress, postXml, seedPbx } from "./support/xmlcurl-bodies.ts";

const encoder = new TextEncoder();
/** `text` followed by spaces up to exactly `size` bytes: still valid JSON (or, after `&pad=`, a valid form). */
const padded = (text: string, size: number) => encoder.encode(text + " ".repeat(size - encoder.encode(text).length));
const EXTENSION = '{"number":"1001","name":"Operator 1"}';

/** A body with no Content-Length, handed over in 16 KiB pieces as a chunked upload would be. */
function chunked(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + 16 * 1024));
      at += 16 * 1024;
    },
  });
}

const register1001 = () =>
  editBody(fixtureBody("directory-sip_auth-REGISTER-1001"), { key_value: TEST_DOMAIN, domain: TEST_DOMAIN, sip_auth_realm: TEST_DOMAIN });

describe("REST: 1 MiB of JSON", () => {
  const post = (t: ReturnType<typeof testApp>, body: Uint8Array | ReadableStream, headers: Record<string, string> = {}) =>
    t.app.request("/api/v1/extensions", {
      method: "POST",
      headers: { authorization: `Bearer ${t.admin}`, "content-type": "application/json", ...headers },
      body,
    });

  test("a body of exactly the limit is read; one byte more is 413 in the error shape and nothing is stored", async () => {
    const t = testApp();
    const over = padded(EXTENSION, BODY_LIMITS.rest + 1);
    const res = await post(t, over, { "content-length": String(over.length) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: "too_large", message: "the request body is larger than 1 MiB" } });
    expect(t.deps.db.select().from(extensions).all()).toEqual([]);
    const exact = padded(EXTENSION, BODY_LIMITS.rest);
    expect((await post(t, exact, { "content-length": String(exact.length) })).status).toBe(201);
  });

  test("a chunked body without Content-Length is cut off at the limit", async () => {
    const t = testApp();
    const res = await post(t, chunked(padded(EXTENSION, BODY_LIMITS.rest + 1)));
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.code).toBe("too_large");
    expect((await post(t, chunked(padded(EXTENSION, BODY_LIMITS.rest)))).status).toBe(201);
  });

  test("without a token the answer is 401 whatever the size: a stranger's body is not read", async () => {
    const t = testApp();
    const res = await t.app.request("/api/v1/extensions", { method: "POST", body: padded(EXTENSION, BODY_LIMITS.rest + 1) });
    expect(res.status).toBe(401);
  });
});

describe("FreeSWITCH's endpoints: a plain 413, never a 500", () => {
  test("xml_curl takes 64 KiB of form and refuses more", async () => {
    const t = testApp();
    seedPbx(t.deps);
    const exact = new TextDecoder().decode(padded(`${register1001()}&pad=`, BODY_LIMITS.xmlcurl)).replace(/ /g, "x");
    const ok = await postXml(t.app, exact);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('<user id="1001" cacheable="1800000">');
    for (const body of [`${exact}x`, chunked(encoder.encode(`${exact}x`))]) {
      const res = await t.app.request("/freeswitch/xml", { method: "POST", body }, fromAddress("127.0.0.1"));
      expect(res.status).toBe(413);
      expect(res.headers.get("content-type")).toStartWith("text/plain");
      expect(await res.text()).toBe("request body too large\n");
    }
  });

  test("json_cdr takes a 2 MiB CDR and refuses more, so FreeSWITCH keeps it instead of it being lost", async () => {
    const t = testApp();
    const cdr = new TextDecoder().decode(fixtureBytes(CYRILLIC));
    const send = (body: Uint8Array) =>
      t.app.request("/freeswitch/cdr", { method: "POST", headers: { "content-type": "application/json" }, body }, fromAddress("127.0.0.1"));
    const over = await send(padded(cdr, BODY_LIMITS.cdr + 1));
    expect(over.status).toBe(413);
    expect(await over.text()).toBe("request body too large\n");
    expect(t.deps.db.select().from(cdrs).all()).toEqual([]);
    expect((await send(padded(cdr, BODY_LIMITS.cdr))).status).toBe(200);
    expect(t.deps.db.select().from(cdrs).all()).toHaveLength(1);
  });
});

describe("over a real socket", () => {
  const deps = testDeps();
  const server = startServer(deps);
  afterAll(() => server.stop());

  /** Sends a raw request (so no client library adds a Content-Length) and returns the status line and body. */
  function rawRequest(head: string, body: AsyncIterable<Uint8Array> | Uint8Array): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = connect(server.port, "127.0.0.1");
      let received = Buffer.alloc(0);
      socket.on("data", (data: Buffer) => {
        received = Buffer.concat([received, data]);
        const end = received.indexOf("\r\n\r\n");
        if (end < 0) return;
        const headers = received.subarray(0, end).toString();
        const length = Number(/content-length: *(\d+)/i.exec(headers)?.[1] ?? 0);
        if (received.length < end + 4 + length) return;
        socket.destroy();
        resolve({ status: Number(headers.split(" ")[1]), body: received.subarray(end + 4, end + 4 + length).toString() });
      });
      // The server may answer and close while the body is still going out.
      socket.on("error", (err) => (received.length ? undefined : reject(err)));
      socket.write(head);
      void (async () => {
        if (body instanceof Uint8Array) return socket.write(body);
        for await (const piece of body) if (!socket.destroyed) socket.write(piece);
      })();
    });
  }

  async function* chunkedEncoding(bytes: Uint8Array) {
    for (let at = 0; at < bytes.length; at += 16 * 1024) {
      const piece = bytes.subarray(at, at + 16 * 1024);
      yield encoder.encode(`${piece.length.toString(16)}\r\n`);
      yield piece;
      yield encoder.encode("\r\n");
    }
    yield encoder.encode("0\r\n\r\n");
  }

  const head = (path: string, extra: string) => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${extra}\r\n`;

  test("a chunked REST body with no Content-Length is refused 413 in the error shape once it passes 1 MiB", async () => {
    const token = createToken(deps.db, "socket-admin", "admin");
    const authed = head("/api/v1/extensions", `Authorization: Bearer ${token}\r\nTransfer-Encoding: chunked\r\n`);
    const refused = await rawRequest(authed, chunkedEncoding(padded(EXTENSION, BODY_LIMITS.rest + 1)));
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body).error.code).toBe("too_large");
    const accepted = await rawRequest(authed, chunkedEncoding(padded(EXTENSION, 64 * 1024)));
    expect(accepted.status).toBe(201);
  });

  test("a chunked xml_curl body over 64 KiB gets a plain 413, and Bun itself stops anything over the largest limit", async () => {
    const xml = await rawRequest(head("/freeswitch/xml", "Transfer-Encoding: chunked\r\n"), chunkedEncoding(new Uint8Array(BODY_LIMITS.xmlcurl + 1).fill(120)));
    expect(xml).toEqual({ status: 413, body: "request body too large\n" });
    // No token: only Bun's own ceiling can make this a 413 rather than a 401.
    const huge = await rawRequest(head("/api/v1/extensions", `Content-Length: ${MAX_REQUEST_BODY + 1}\r\n`), new Uint8Array(0));
    expect(huge.status).toBe(413);
  });
});
