/**
 * The xml_curl listener's peers over real sockets: who may ask, faults in
 * the answer or the framing, slow and idle peers, backpressure and the
 * connection limit.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { capturing, count, echo, exchange, listen, log, post, responses } from "./xmlcurl-listener-harness.ts";
import { NOT_FOUND_XML } from "./render-not-found.ts";
import { freeswitchSourceCheck } from "../http/source-guard.ts";
import { startXmlCurlListener } from "./xmlcurl-listener.ts";

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
