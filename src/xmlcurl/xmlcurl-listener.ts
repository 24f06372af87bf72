import type { Socket, TCPSocketListener } from "bun";
import { BODY_LIMITS, freeswitchTooLargeRefusal } from "../http/body-limits.ts";
import { type HttpHead, parseHead } from "../http/http1-head.ts";
import type { FreeswitchSourceCheck, Refusal } from "../http/source-guard.ts";
import type { Logger } from "../log.ts";
import { NOT_FOUND_XML } from "./render-not-found.ts";
import { XMLCURL_PATH, type XmlCurlAnswerer } from "./router.ts";

export type ListenerLimits = {
  maxHeadBytes: number;
  maxHeaders: number;
  maxBodyBytes: number;
  /** From a request's first byte to its last: slow senders (slowloris) are answered 408 and dropped. */
  requestTimeoutMs: number;
  /** A kept-alive connection with no request in flight. */
  idleTimeoutMs: number;
  maxConnections: number;
  /** How often the deadlines are looked at; also the Date header's resolution. */
  tickMs: number;
};

/** FreeSWITCH's head is ~250 bytes and six fields; its bodies ~7 KB. */
export const LISTENER_LIMITS: ListenerLimits = {
  maxHeadBytes: 8 * 1024,
  maxHeaders: 64,
  maxBodyBytes: BODY_LIMITS.xmlcurl,
  requestTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  maxConnections: 1024,
  tickMs: 1000,
};

export type XmlCurlListenerOptions = {
  host: string;
  port: number;
  answerBody: XmlCurlAnswerer;
  /** Its address half is asked at accept too: a stranger holds no connection slot. */
  check: FreeswitchSourceCheck;
  log: Logger;
  limits?: Partial<ListenerLimits>;
};

export type XmlCurlListener = { port: number; url: string; stop(): void };

type Conn = {
  peer: string;
  /** Bytes of a request not yet whole. */
  pending: Buffer | undefined;
  /** The head of the request whose body is awaited. */
  head: HttpHead | undefined;
  /** Tick at which the current wait began: a request's first byte, or the last answer. */
  since: number;
  /** Bytes write() did not take yet, in order; while any wait, no request is parsed. */
  out: Buffer[];
  closing: boolean;
  /** Whether a head was ever parsed: until then the connection gets the request deadline, not the idle one. */
  served: boolean;
};

/**
 * FreeSWITCH's own door to xml_curl: `POST /freeswitch/xml` over a small
 * strict HTTP/1.1 server on Bun.listen, on a port of its own. It answers
 * with the very function the API port's route does (router.ts answerBody:
 * same answers, log lines and metrics) and the same source guard, with the
 * peer taken from the socket. What it saves is Bun.serve's Request and
 * Response per answer, which cost more than the answer itself
 * (bench/xmlcurl-load.ts; the numbers are in docs/xmlcurl.md).
 *
 * Kept-alive and pipelined requests are answered in order; `Expect:
 * 100-continue` gets its 100 once the head passed; a Content-Length is
 * required (411 otherwise, chunked included). Refusals close the connection:
 * a malformed head 400, a head over 8 KiB 431, a body over
 * BODY_LIMITS.xmlcurl 413 (before it is read), another path 404, another
 * method 405, a stranger 403/401, a request not whole within 10 s 408.
 *
 * A peer outside the allow list is closed at accept, and a connection that
 * sends no whole head within the request deadline is closed, so outsiders
 * and silent peers cannot hold FreeSWITCH's connection slots. While an
 * answer waits for the peer to read it nothing more is parsed; a peer that
 * keeps sending meanwhile is dropped once a whole request's worth is held.
 */
export function startXmlCurlListener(o: XmlCurlListenerOptions): XmlCurlListener {
  const limits = { ...LISTENER_LIMITS, ...o.limits };
  const ticksFor = (ms: number) => Math.max(1, Math.ceil(ms / limits.tickMs));
  const requestTicks = ticksFor(limits.requestTimeoutMs);
  const idleTicks = ticksFor(limits.idleTimeoutMs);
  let tick = 0;
  let date = new Date().toUTCString();
  const conns = new Set<Socket<Conn>>();
  const maxHeldBytes = limits.maxHeadBytes + limits.maxBodyBytes;

  const send = (s: Socket<Conn>, text: string, bytes: number) => {
    const c = s.data;
    if (c.out.length > 0) {
      c.out.push(Buffer.from(text));
      return;
    }
    const written = s.write(text);
    if (written < bytes) c.out.push(Buffer.from(text).subarray(Math.max(0, written)));
  };
  const close = (s: Socket<Conn>) => {
    const c = s.data;
    c.closing = true;
    c.since = tick;
    if (c.out.length === 0) s.end();
  };
  const refuse = (s: Socket<Conn>, r: Refusal) => {
    const extra = Object.entries(r.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join("");
    const body = Buffer.byteLength(r.text);
    const head = `HTTP/1.1 ${r.status} ${REASONS[r.status] ?? "Refused"}\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: ${body}\r\n${extra}Date: ${date}\r\nConnection: close\r\n\r\n`;
    send(s, head + r.text, head.length + body);
    close(s);
  };
  const answer = (s: Socket<Conn>, xml: string, keepAlive: boolean) => {
    const body = Buffer.byteLength(xml);
    const head = `HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: ${body}\r\nDate: ${date}\r\n${keepAlive ? "" : "Connection: close\r\n"}\r\n`;
    send(s, head + xml, head.length + body);
  };

  /** Whether a parsed head may have its body read and answered; in the endpoint's order: what, how large, then who. */
  const admit = (head: HttpHead, peer: string): Refusal | undefined => {
    const query = head.target.indexOf("?");
    const path = query < 0 ? head.target : head.target.slice(0, query);
    if (path !== XMLCURL_PATH) return { status: 404, text: "only POST /freeswitch/xml is served here\n" };
    if (head.method !== "POST") return { status: 405, text: "only POST /freeswitch/xml is served here\n", headers: { Allow: "POST" } };
    if (head.contentLength > limits.maxBodyBytes) return freeswitchTooLargeRefusal(XMLCURL_PATH, limits.maxBodyBytes, o.log);
    return o.check((name) => head.headers.get(name), peer, XMLCURL_PATH);
  };

  /** An answer's fault is FreeSWITCH's not-found, as router.ts answers it; one that escaped that is logged here. */
  const answerOf = (body: Buffer, peer: string) => {
    try {
      return o.answerBody(body);
    } catch (err) {
      o.log.error({ err, peer }, "xml_curl listener fault, answered not found");
      return NOT_FOUND_XML;
    }
  };

  const receive = (s: Socket<Conn>, chunk: Buffer) => {
    try {
      parse(s, chunk);
    } catch (err) {
      // Framing state is no longer trustworthy: never go on with this connection.
      o.log.error({ err, peer: s.data.peer }, "xml_curl listener fault, connection dropped");
      s.data.closing = true;
      s.terminate();
    }
  };

  const parse = (s: Socket<Conn>, chunk: Buffer) => {
    const c = s.data;
    if (c.closing) return;
    if (c.pending === undefined && c.head === undefined) c.since = tick;
    const buf = c.pending === undefined ? chunk : Buffer.concat([c.pending, chunk]);
    if (c.out.length > 0) {
      // The peer is not reading its answers: hold what it sends, up to one request's worth.
      if (buf.length > maxHeldBytes) {
        o.log.warn({ peer: c.peer, held: buf.length }, "xml_curl listener: peer sends without reading its answers, dropped");
        c.closing = true;
        s.terminate();
        return;
      }
      c.pending = buf === chunk ? Buffer.from(chunk) : buf;
      return;
    }
    let at = 0;
    for (;;) {
      if (c.head === undefined) {
        if (at === buf.length) break;
        const parsed = parseHead(at === 0 ? buf : buf.subarray(at), limits);
        if (parsed === undefined) break;
        if ("refused" in parsed) {
          o.log.warn({ peer: c.peer, status: parsed.refused.status, reason: parsed.refused.reason }, "xml_curl listener refused a request");
          return refuse(s, { status: parsed.refused.status, text: `${parsed.refused.reason}\n` });
        }
        const refused = admit(parsed.head, c.peer);
        if (refused) return refuse(s, refused);
        c.served = true;
        at += parsed.size;
        c.head = parsed.head;
        if (c.head.expectsContinue && at === buf.length) send(s, CONTINUE, CONTINUE.length);
      }
      const length = c.head.contentLength;
      if (buf.length - at < length) break;
      const keepAlive = c.head.keepAlive;
      c.head = undefined;
      answer(s, answerOf(buf.subarray(at, at + length), c.peer), keepAlive);
      at += length;
      c.since = tick;
      if (!keepAlive) return close(s);
      // The rest waits until the peer has read this answer (drain resumes).
      if (c.out.length > 0) break;
    }
    // A copy: what is kept must not pin, or depend on, the chunk Bun handed over.
    c.pending = at < buf.length ? Buffer.from(buf.subarray(at)) : undefined;
  };

  const listener: TCPSocketListener<Conn> = Bun.listen<Conn>({
    hostname: o.host,
    port: o.port,
    socket: {
      open(s) {
        s.data = { peer: s.remoteAddress, pending: undefined, head: undefined, since: tick, out: [], closing: false, served: false };
        if (!o.check.allows(s.remoteAddress)) {
          // No warn per connection: an outsider would decide the log's volume.
          o.log.debug({ peer: s.remoteAddress }, "xml_curl listener: peer not in CALLBOARD_XMLCURL_ALLOW, closed at accept");
          s.data.closing = true;
          s.terminate();
          return;
        }
        if (conns.size >= limits.maxConnections) {
          o.log.warn({ peer: s.remoteAddress, max: limits.maxConnections }, "xml_curl listener: too many connections, one dropped");
          s.data.closing = true;
          s.terminate();
          return;
        }
        conns.add(s);
        s.setNoDelay(true);
      },
      data: receive,
      drain(s) {
        const c = s.data;
        while (c.out.length > 0) {
          const next = c.out[0]!;
          const written = s.write(next);
          if (written < next.length) {
            c.out[0] = next.subarray(Math.max(0, written));
            return;
          }
          c.out.shift();
        }
        if (c.closing) s.end();
        else if (c.pending !== undefined) receive(s, EMPTY);
      },
      close(s) {
        conns.delete(s);
      },
      error(s, err) {
        o.log.warn({ err, peer: s.data?.peer }, "xml_curl listener: socket error, connection dropped");
        if (s.data) s.data.closing = true;
        s.terminate();
      },
    },
  });

  const sweep = setInterval(() => {
    tick++;
    date = new Date().toUTCString();
    for (const s of conns) {
      const c = s.data;
      const waited = tick - c.since;
      if (c.closing) {
        // The peer did not read our answer or close its side.
        if (waited >= requestTicks) s.terminate();
      } else if (c.pending !== undefined || c.head !== undefined) {
        if (waited >= requestTicks) {
          o.log.warn({ peer: c.peer }, "xml_curl listener: request not whole in time, dropped");
          refuse(s, { status: 408, text: "request not received in time\n" });
        }
      } else if (waited >= (c.served ? idleTicks : requestTicks)) close(s);
    }
  }, limits.tickMs);
  sweep.unref?.();

  const host = o.host.includes(":") ? `[${o.host}]` : o.host;
  return {
    port: listener.port,
    url: `http://${host}:${listener.port}`,
    stop() {
      clearInterval(sweep);
      listener.stop(true);
    },
  };
}

const CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n";
const EMPTY = Buffer.alloc(0);

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  411: "Length Required",
  413: "Content Too Large",
  417: "Expectation Failed",
  431: "Request Header Fields Too Large",
  505: "HTTP Version Not Supported",
};
