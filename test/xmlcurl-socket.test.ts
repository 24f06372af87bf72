/**
 * Over a real socket FreeSWITCH's POSTs reach xml_curl through two doors:
 * the xml_curl listener on its own port (src/xmlcurl/xmlcurl-listener.ts),
 * where freeswitch-conf points FreeSWITCH, and Bun's own routing on the API
 * port, not Hono (src/system.ts). Both give the same answers, refusals,
 * limits, log line and metrics as the app, checked here where the
 * in-process tests cannot reach.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { Writable } from "node:stream";
import { BODY_LIMITS } from "../src/http/body-limits.ts";
import { createLogger } from "../src/log.ts";
import { startServer } from "../src/system.ts";
import { TEST_DOMAIN, testConfig, testDeps } from "./support/deps.ts";
import { NOT_FOUND, editBody, fixtureBody, seedPbx } from "./support/xmlcurl-bodies.ts";

const register = editBody(fixtureBody("directory-sip_auth-REGISTER-1001"), { key_value: TEST_DOMAIN, domain: TEST_DOMAIN, sip_auth_realm: TEST_DOMAIN });

function serve(env: Record<string, string> = {}) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  const deps = testDeps({ config: testConfig(env), log: createLogger("info", sink) });
  seedPbx(deps);
  const server = startServer(deps);
  const postTo = (base: string) => (body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/freeswitch/xml`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });
  return { server, lines, post: postTo(server.url), postListener: postTo(server.xmlcurlUrl) };
}

/** A raw request whose declared Content-Length is not what follows: only the header can decide. */
async function declaring(port: number, length: number): Promise<{ status: number; body: string }> {
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        open: (s) => void s.write(`POST /freeswitch/xml HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${length}\r\n\r\nsection=directory`),
        data: (s, d) => {
          chunks.push(Buffer.from(d));
          const text = Buffer.concat(chunks).toString();
          const head = text.indexOf("\r\n\r\n");
          const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? -1);
          if (head >= 0 && length >= 0 && Buffer.byteLength(text) >= head + 4 + length) s.end();
        },
        close: () => resolve(),
        error: (_s, err) => reject(err),
      },
    });
  });
  const text = Buffer.concat(chunks).toString();
  return { status: Number(text.split(" ")[1]), body: text.slice(text.indexOf("\r\n\r\n") + 4) };
}

describe("FreeSWITCH's endpoint over a socket", () => {
  const { server, lines, post } = serve();
  afterAll(() => server.stop());

  test("a REGISTER gets its user as text/xml and leaves its log line and metrics", async () => {
    const res = await post(register);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/xml");
    expect(await res.text()).toContain('<user id="1001" cacheable="1800000">');
    expect(lines.find((l) => l.msg === "xml_curl")).toMatchObject({ section: "directory", key: `1001@${TEST_DOMAIN}`, outcome: "user (sip_auth)" });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('callboard_xmlcurl_request_duration_seconds_count{section="directory",outcome="answered"} 1');
  });

  test("a request relayed by a proxy is refused", async () => {
    const res = await post(register, { "x-forwarded-for": "203.0.113.9" });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe("proxied requests are not allowed here\n");
  });

  test("a declared length over 64 KiB is refused before the body is read", async () => {
    expect(await declaring(server.port, BODY_LIMITS.xmlcurl + 1)).toEqual({ status: 413, body: "request body too large\n" });
    expect(lines.some((l) => l.msg === "FreeSWITCH endpoint refused: body too large")).toBe(true);
  });

  test("garbage is answered not found; other methods still go through the app", async () => {
    const res = await post("%%%&&&==");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(NOT_FOUND);
    const get = await fetch(`${server.url}/freeswitch/xml`);
    expect(get.status).toBe(404);
  });
});

test("over a socket, basic auth is required when configured", async () => {
  const { server, post, postListener } = serve({ CALLBOARD_XMLCURL_USER: "fs", CALLBOARD_XMLCURL_PASSWORD: "xml-curl-secret" });
  try {
    const basic = (s: string) => ({ authorization: `Basic ${Buffer.from(s).toString("base64")}` });
    for (const send of [post, postListener]) {
      const refused = await send(register, basic("fs:wrong"));
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toBe('Basic realm="callboard"');
      expect((await send(register, basic("fs:xml-curl-secret"))).status).toBe(200);
    }
  } finally {
    await server.stop();
  }
});

test("over a socket, a peer outside CALLBOARD_XMLCURL_ALLOW is refused: 403 on the API port, closed at accept on the listener", async () => {
  const { server, post, postListener } = serve({ CALLBOARD_XMLCURL_ALLOW: "10.1.0.0/16" });
  try {
    const res = await post(register);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe("source address not allowed\n");
    // The listener does not answer an outsider at all: it closes at accept.
    await expect(postListener(register)).rejects.toThrow();
  } finally {
    await server.stop();
  }
});

describe("FreeSWITCH's own door: the xml_curl listener", () => {
  const { server, lines, post, postListener } = serve();
  afterAll(() => server.stop());
  const port = () => Number(new URL(server.xmlcurlUrl).port);

  test("listens on a port of its own and answers a REGISTER byte for byte as the API port does, with its log line and metrics", async () => {
    expect(port()).not.toBe(server.port);
    const res = await postListener(register);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/xml");
    const xml = await res.text();
    expect(xml).toContain('<user id="1001" cacheable="1800000">');
    expect(xml).toBe(await (await post(register)).text());
    expect(lines.filter((l) => l.msg === "xml_curl" && l.key === `1001@${TEST_DOMAIN}`)).toHaveLength(2);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('callboard_xmlcurl_request_duration_seconds_count{section="directory",outcome="answered"} 2');
  });

  test("every captured FreeSWITCH body gets the same answer on both doors", async () => {
    for (const name of ["dialplan-sofia-inbound-to-1002", "dialplan-public-inbound-did-998785553322", "configuration-sofia.conf-config_sofia", "configuration-acl.conf"]) {
      const body = fixtureBody(name);
      expect(await (await postListener(body)).text()).toBe(await (await post(body)).text());
    }
  });

  test("a proxy header 403, a declared length over 64 KiB 413 before the body, garbage answered not found", async () => {
    const proxied = await postListener(register, { "x-forwarded-for": "203.0.113.9" });
    expect(proxied.status).toBe(403);
    expect(await proxied.text()).toBe("proxied requests are not allowed here\n");
    expect(await declaring(port(), BODY_LIMITS.xmlcurl + 1)).toEqual({ status: 413, body: "request body too large\n" });
    const garbage = await postListener("%%%&&&==");
    expect(await garbage.text()).toBe(NOT_FOUND);
  });

  test("stops with the server", async () => {
    const { server: other } = serve();
    const url = other.xmlcurlUrl;
    await other.stop();
    await expect(fetch(`${url}/freeswitch/xml`, { method: "POST", body: register })).rejects.toThrow();
  });
});
