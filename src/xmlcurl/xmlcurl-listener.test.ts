/**
 * The xml_curl listener over real sockets, with a stand-in answer: framing,
 * keep-alive, pipelining, 100-continue and what it refuses. Who may ask,
 * faults, timeouts and backpressure are in xmlcurl-listener-peers.test.ts;
 * the real answers through it in test/xmlcurl-socket.test.ts.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { count, echo, exchange, listen, post, responses } from "./xmlcurl-listener-harness.ts";

describe("the xml_curl listener", () => {
  const server = listen();
  afterAll(() => server.stop());

  test("answers a POST with the answer's XML as text/xml, its length in bytes, and keeps the connection", async () => {
    const r = await exchange(server.port, [post("section=directory&name=Qo%27ng%27iroq&raw=Иван")], { until: count(1) });
    const [res] = responses(r.text);
    expect(res).toMatchObject({ status: 200, body: "<echo>section=directory&name=Qo%27ng%27iroq&raw=Иван</echo>" });
    expect(res!.headers["content-type"]).toBe("text/xml");
    expect(Number(res!.headers["content-length"])).toBe(Buffer.byteLength(res!.body));
    expect(res!.headers.connection).toBeUndefined();
    expect(r.closed).toBe(false);
  });

  test("a request split byte by byte is answered as if it came whole", async () => {
    const bytes = Buffer.from(post("section=dialplan&x=1"));
    const pieces = Array.from(bytes, (b) => Buffer.from([b]));
    const r = await exchange(server.port, pieces, { gapMs: 1, until: count(1), waitMs: 10_000 });
    expect(responses(r.text)).toEqual([expect.objectContaining({ status: 200, body: "<echo>section=dialplan&x=1</echo>" })]);
  });

  test("pipelined requests in one write are answered in order, each with its own body", async () => {
    const many = Array.from({ length: 20 }, (_, i) => post(`n=${i}`)).join("");
    const r = await exchange(server.port, [many], { until: count(20) });
    expect(responses(r.text).map((x) => x.body)).toEqual(Array.from({ length: 20 }, (_, i) => `<echo>n=${i}</echo>`));
  });

  test("requests cut across writes at every boundary still come out in order", async () => {
    const both = Buffer.from(post("a=1") + post("b=2"));
    for (const cut of [1, 20, 60, both.length / 2, both.length - 3]) {
      const r = await exchange(server.port, [both.subarray(0, cut), both.subarray(cut)], { gapMs: 5, until: count(2) });
      expect(responses(r.text).map((x) => x.body)).toEqual(["<echo>a=1</echo>", "<echo>b=2</echo>"]);
    }
  });

  test("Expect: 100-continue gets its 100 before the body is sent, then the answer", async () => {
    const full = post("section=directory", "Expect: 100-continue\r\n");
    const head = full.slice(0, full.indexOf("\r\n\r\n") + 4);
    const r = await exchange(server.port, [head], { until: (t) => t.includes("100 Continue"), waitMs: 3000 });
    expect(r.text).toBe("HTTP/1.1 100 Continue\r\n\r\n");
    const both = await exchange(server.port, [head, "section=directory"], { gapMs: 50, until: count(1) });
    expect(responses(both.text).map((x) => x.status)).toEqual([100, 200]);
  });

  test("Connection: close gets Connection: close and the connection closed, the bytes after it unread", async () => {
    const r = await exchange(server.port, [post("a=1", "Connection: close\r\n") + post("b=2")]);
    expect(r.closed).toBe(true);
    const [res, ...more] = responses(r.text);
    expect(res).toMatchObject({ status: 200, body: "<echo>a=1</echo>" });
    expect(res!.headers.connection).toBe("close");
    expect(more).toEqual([]);
  });

  test("an empty body is answered (as the answer decides), not refused", async () => {
    const r = await exchange(server.port, [post("")], { until: count(1) });
    expect(responses(r.text)[0]).toMatchObject({ status: 200, body: "<echo></echo>" });
  });
});

describe("what the listener refuses, and closes", () => {
  const server = listen({ limits: { maxHeadBytes: 1024, maxBodyBytes: 4096 } });
  afterAll(() => server.stop());

  const refusal = async (raw: string | Buffer) => {
    const r = await exchange(server.port, [raw]);
    const [res] = responses(r.text);
    return { status: res?.status, body: res?.body, closed: r.closed, connection: res?.headers.connection, allow: res?.headers.allow };
  };

  test("another path 404, another method 405 naming POST, both closed", async () => {
    expect(await refusal(post("x=1").replace("/freeswitch/xml", "/freeswitch/cdr"))).toMatchObject({ status: 404, closed: true, connection: "close" });
    expect(await refusal("GET /freeswitch/xml HTTP/1.1\r\nHost: x\r\n\r\n")).toMatchObject({ status: 405, allow: "POST", closed: true });
    expect(await refusal("GET / HTTP/1.1\r\nHost: x\r\n\r\n")).toMatchObject({ status: 404, closed: true });
  });

  test("a query string is allowed and ignored", async () => {
    const r = await exchange(server.port, [post("a=1").replace("/freeswitch/xml", "/freeswitch/xml?fs=1")], { until: count(1) });
    expect(responses(r.text)[0]).toMatchObject({ status: 200, body: "<echo>a=1</echo>" });
  });

  test("a body declared over the limit is 413 before any of it is sent", async () => {
    const head = post("").replace("Content-Length: 0", "Content-Length: 4097");
    expect(await refusal(head)).toMatchObject({ status: 413, body: "request body too large\n", closed: true });
  });

  test("a head over the limit 431, chunked 411, a bad length 400, garbage 400 — each closed", async () => {
    expect(await refusal(post("a=1", `X-Pad: ${"p".repeat(1100)}\r\n`))).toMatchObject({ status: 431, closed: true });
    expect(await refusal(`POST /freeswitch/xml HTTP/1.1\r\nHost: x\r\nX-Pad: ${"p".repeat(1100)}`)).toMatchObject({ status: 431, closed: true });
    expect(await refusal(post("a=1").replace("Content-Length: 3", "Transfer-Encoding: chunked"))).toMatchObject({ status: 411, closed: true });
    expect(await refusal(post("a=1").replace("Content-Length: 3", "Content-Length: 3x"))).toMatchObject({ status: 400, closed: true });
    expect(await refusal("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n")).toMatchObject({ status: 400, closed: true });
  });

  test("a good request before a bad one is answered; the bad one is refused and closes", async () => {
    const r = await exchange(server.port, [post("a=1") + "BREW /pot HTTP/1.1\r\n\r\n"]);
    expect(responses(r.text).map((x) => x.status)).toEqual([200, 400]);
    expect(r.closed).toBe(true);
  });
});
