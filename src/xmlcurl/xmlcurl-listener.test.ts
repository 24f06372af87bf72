/**
 * The xml_curl listener over real sockets, with a stand-in answer: framing,
 * keep-alive, pipelining, 100-continue, limits, timeouts and the guard. The
 * real answers through it are in test/xmlcurl-socket.test.ts.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { freeswitchSourceCheck } from "../http/source-guard.ts";
import { createLogger } from "../log.ts";
import { NOT_FOUND_XML } from "./render-not-found.ts";
import { startXmlCurlListener, type ListenerLimits } from "./xmlcurl-listener.ts";

const log = createLogger("silent");
/** Echoes the body it was given, so a test sees exactly which bytes reached the answer. */
const echo = (body: Buffer | undefined) => `<echo>${body?.toString("utf8") ?? "unreadable"}</echo>`;

type ListenOptions = { allow?: string[]; basicAuth?: { user: string; password: string }; limits?: Partial<ListenerLimits>; answerBody?: typeof echo; log?: typeof log };

function listen(o: ListenOptions = {}) {
  const check = freeswitchSourceCheck({ allow: o.allow ?? ["127.0.0.1"], basicAuth: o.basicAuth, listen: { host: "127.0.0.1", port: 0 } }, o.log ?? log);
  return startXmlCurlListener({ host: "127.0.0.1", port: 0, answerBody: o.answerBody ?? echo, check, log: o.log ?? log, limits: o.limits });
}

/** A logger whose lines (parsed) land in `lines`. */
function capturing() {
  const lines: { level: number; msg: string }[] = [];
  return { lines, log: createLogger("debug", { write: (line: string) => lines.push(JSON.parse(line)) }) };
}

const post = (body: string, extra = "") =>
  `POST /freeswitch/xml HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: freeswitch-xml/1.0\r\nAccept: */*\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n${body}`;

type Exchange = { text: string; closed: boolean };

/**
 * Sends `pieces` one after another (`gapMs` apart), then reads until the
 * server closes, `until` is satisfied, or `waitMs` passes.
 */
function exchange(port: number, pieces: (string | Buffer)[], o: { gapMs?: number; until?: (text: string) => boolean; waitMs?: number } = {}): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const got: Buffer[] = [];
    let closed = false;
    let done = false;
    const finish = (s?: { end(): void }) => {
      if (done) return;
      done = true;
      resolve({ text: Buffer.concat(got).toString("latin1"), closed });
      s?.end();
    };
    Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        async open(s) {
          for (const piece of pieces) {
            if (closed) break;
            s.write(piece);
            if (o.gapMs) await Bun.sleep(o.gapMs);
          }
          setTimeout(() => finish(s), o.waitMs ?? 2000);
        },
        data(s, d) {
          got.push(Buffer.from(d));
          if (o.until?.(Buffer.concat(got).toString("latin1"))) finish(s);
        },
        close() {
          closed = true;
          finish();
        },
        error: (_s, err) => reject(err),
      },
    }).catch(reject);
  });
}

/** The whole responses in `text`, in order: status, headers, body (Content-Length framed). */
function responses(text: string) {
  const out: { status: number; headers: Record<string, string>; body: string }[] = [];
  let rest = Buffer.from(text, "latin1");
  while (rest.length > 0) {
    const end = rest.indexOf("\r\n\r\n");
    if (end < 0) break;
    const [line, ...fields] = rest.toString("latin1", 0, end).split("\r\n");
    const headers = Object.fromEntries(fields.map((f) => [f.slice(0, f.indexOf(":")).toLowerCase(), f.slice(f.indexOf(":") + 1).trim()]));
    const length = Number(headers["content-length"] ?? 0);
    if (rest.length < end + 4 + length) break;
    out.push({ status: Number(line!.split(" ")[1]), headers, body: rest.toString("utf8", end + 4, end + 4 + length) });
    rest = rest.subarray(end + 4 + length);
  }
  return out;
}

const count = (n: number) => (text: string) => responses(text).filter((r) => r.status !== 100).length >= n;

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

describe("who may ask", () => {
  test("a peer outside CALLBOARD_XMLCURL_ALLOW is closed at accept, unanswered, its garbage not logged above debug (a forwarded-for header cannot help)", async () => {
    const { lines, log } = capturing();
    const server = listen({ allow: ["10.0.0.0/8"], log });
    try {
      const r = await exchange(server.port, [post("a=1", "X-Forwarded-For: 10.1.1.1\r\n")]);
      expect(r).toEqual({ text: "", closed: true });
      const garbage = await exchange(server.port, ["\x16\x03\x01 not http\r\n\r\n"]);
      expect(garbage).toEqual({ text: "", closed: true });
      expect(lines.filter((l) => l.level > 20)).toEqual([]);
    } finally {
      server.stop();
    }
  });

  test("proxy headers 403 even from loopback; basic auth when configured: 401 without, 200 with", async () => {
    const server = listen({ basicAuth: { user: "fs", password: "s3cret" } });
    try {
      const proxied = await exchange(server.port, [post("a=1", "Via: 1.1 proxy\r\n")]);
      expect(responses(proxied.text)[0]).toMatchObject({ status: 403, body: "proxied requests are not allowed here\n" });
      const anonymous = await exchange(server.port, [post("a=1")]);
      expect(responses(anonymous.text)[0]).toMatchObject({ status: 401, headers: expect.objectContaining({ "www-authenticate": 'Basic realm="callboard"' }) });
      const wrong = await exchange(server.port, [post("a=1", `Authorization: Basic ${btoa("fs:nope")}\r\n`)]);
      expect(responses(wrong.text)[0]!.status).toBe(401);
      const right = await exchange(server.port, [post("a=1", `Authorization: Basic ${btoa("fs:s3cret")}\r\n`)], { until: count(1) });
      expect(responses(right.text)[0]).toMatchObject({ status: 200, body: "<echo>a=1</echo>" });
    } finally {
      server.stop();
    }
  });
});

describe("faults", () => {
  test("an answer that throws is answered not found and logged as an error; the next request on the connection is answered", async () => {
    const { lines, log } = capturing();
    const answerBody = (body: Buffer | undefined) => {
      if (body?.toString() === "boom") throw new Error("metrics fell over");
      return echo(body);
    };
    const server = listen({ answerBody, log });
    try {
      const r = await exchange(server.port, [post("boom") + post("a=1")], { until: count(2) });
      expect(responses(r.text).map((x) => [x.status, x.body])).toEqual([[200, NOT_FOUND_XML], [200, "<echo>a=1</echo>"]]);
      expect(lines.filter((l) => l.level === 50).map((l) => l.msg)).toEqual(["xml_curl listener fault, answered not found"]);
    } finally {
      server.stop();
    }
  });

  test("a fault while framing drops the connection at once and is logged as an error; the next connection is served", async () => {
    const { lines, log } = capturing();
    const real = freeswitchSourceCheck({ allow: ["127.0.0.1"], listen: { host: "127.0.0.1", port: 0 } }, log);
    let broken = true;
    const check = Object.assign(
      (...a: Parameters<typeof real>) => {
        if (broken) throw new Error("guard fell over");
        return real(...a);
      },
      { allows: real.allows },
    );
    const server = startXmlCurlListener({ host: "127.0.0.1", port: 0, answerBody: echo, check, log });
    try {
      const r = await exchange(server.port, [post("a=1")], { waitMs: 3000 });
      expect(r).toEqual({ text: "", closed: true });
      expect(lines.filter((l) => l.level === 50).map((l) => l.msg)).toEqual(["xml_curl listener fault, connection dropped"]);
      broken = false;
      const next = await exchange(server.port, [post("a=1")], { until: count(1) });
      expect(responses(next.text)[0]).toMatchObject({ status: 200, body: "<echo>a=1</echo>" });
    } finally {
      server.stop();
    }
  });
});

describe("slow and idle peers", () => {
  const server = listen({ limits: { requestTimeoutMs: 300, idleTimeoutMs: 600, tickMs: 50 } });
  afterAll(() => server.stop());

  test("a request trickled a byte at a time past the deadline (slowloris) is answered 408 and dropped", async () => {
    const bytes = Buffer.from(post("a=1"));
    const pieces = Array.from(bytes.subarray(0, 40), (b) => Buffer.from([b]));
    const r = await exchange(server.port, pieces, { gapMs: 30, waitMs: 3000 });
    expect(responses(r.text)[0]).toMatchObject({ status: 408 });
    expect(r.closed).toBe(true);
  });

  test("a head whose body never comes is dropped the same way", async () => {
    const r = await exchange(server.port, [post("a=1").slice(0, -2)], { waitMs: 3000 });
    expect(responses(r.text)[0]).toMatchObject({ status: 408 });
    expect(r.closed).toBe(true);
  });

  test("a connection that never sends a request is closed at the request deadline, not the idle one", async () => {
    const server = listen({ limits: { requestTimeoutMs: 300, idleTimeoutMs: 60_000, tickMs: 50 } });
    try {
      expect(await exchange(server.port, [], { waitMs: 3000 })).toEqual({ text: "", closed: true });
    } finally {
      server.stop();
    }
  });

  test("a kept-alive connection with nothing in flight is closed when idle, after its answers", async () => {
    const r = await exchange(server.port, [post("a=1")], { waitMs: 3000 });
    expect(responses(r.text).map((x) => x.status)).toEqual([200]);
    expect(r.closed).toBe(true);
  });
});

test("answers larger than the socket takes at once are written whole and in order (backpressure)", async () => {
  const check = freeswitchSourceCheck({ allow: ["127.0.0.1"], listen: { host: "127.0.0.1", port: 0 } }, log);
  const big = (body: Buffer | undefined) => `<big n="${body?.toString()}">${"x".repeat(8 * 1024 * 1024)}</big>`;
  const server = startXmlCurlListener({ host: "127.0.0.1", port: 0, answerBody: big, check, log });
  try {
    const r = await exchange(server.port, [post("1") + post("2")], { until: count(2), waitMs: 20_000 });
    const [a, b] = responses(r.text);
    expect([a?.body.length, b?.body.length]).toEqual([big(Buffer.from("1")).length, big(Buffer.from("2")).length]);
    expect([a?.body.slice(0, 12), b?.body.slice(0, 12)]).toEqual(['<big n="1">x', '<big n="2">x']);
  } finally {
    server.stop();
  }
});

test("a peer that pipelines without reading its answers is dropped, not queued for without bound", async () => {
  const answerBody = () => `<big>${"x".repeat(64 * 1024)}</big>`;
  const server = listen({ answerBody, limits: { maxBodyBytes: 4096 } });
  try {
    const outcome = await new Promise<{ answers: number; droppedByServer: boolean }>((resolve) => {
      const got: Buffer[] = [];
      let gaveUp = false;
      const s = connect(server.port, "127.0.0.1", () => {
        s.pause();
        s.write(Array.from({ length: 1000 }, (_, i) => post(`n=${i}`)).join(""));
        // Only once the server had its chance to queue: read whatever it did send.
        setTimeout(() => s.resume(), 1500);
        setTimeout(() => {
          gaveUp = true;
          s.destroy();
        }, 5000);
      });
      s.on("data", (d) => got.push(Buffer.from(d)));
      s.on("error", () => {});
      s.on("close", () => resolve({ answers: responses(Buffer.concat(got).toString("latin1")).length, droppedByServer: !gaveUp }));
    });
    expect(outcome.droppedByServer).toBe(true);
    expect(outcome.answers).toBeLessThan(1000);
  } finally {
    server.stop();
  }
}, 10_000);

test("connections past the limit are dropped at once; those within it are served", async () => {
  const server = listen({ limits: { maxConnections: 2 } });
  try {
    const held = await Promise.all([0, 1].map(() => Bun.connect({ hostname: "127.0.0.1", port: server.port, socket: { data() {} } })));
    await Bun.sleep(50);
    const extra = await exchange(server.port, [post("a=1")], { waitMs: 2000 });
    expect(extra).toEqual({ text: "", closed: true });
    for (const s of held) s.end();
    await Bun.sleep(50);
    const r = await exchange(server.port, [post("a=1")], { until: count(1) });
    expect(responses(r.text)[0]!.status).toBe(200);
  } finally {
    server.stop();
  }
});
