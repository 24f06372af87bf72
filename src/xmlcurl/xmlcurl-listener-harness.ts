/**
 * Test support for the xml_curl listener's socket tests: a listener with a
 * stand-in answer, raw exchanges over real sockets, and the responses read
 * back by Content-Length.
 */
import { freeswitchSourceCheck } from "../http/source-guard.ts";
import { createLogger } from "../log.ts";
import { startXmlCurlListener, type ListenerLimits } from "./xmlcurl-listener.ts";

export const log = createLogger("silent");
/** Echoes the body it was given, so a test sees exactly which bytes reached the answer. */
export const echo = (body: Buffer | undefined) => `<echo>${body?.toString("utf8") ?? "unreadable"}</echo>`;

export type ListenOptions = { allow?: string[]; basicAuth?: { user: string; password: string }; limits?: Partial<ListenerLimits>; answerBody?: typeof echo; log?: typeof log };

export function listen(o: ListenOptions = {}) {
  const check = freeswitchSourceCheck({ allow: o.allow ?? ["127.0.0.1"], basicAuth: o.basicAuth, listen: { host: "127.0.0.1", port: 0 } }, o.log ?? log);
  return startXmlCurlListener({ host: "127.0.0.1", port: 0, answerBody: o.answerBody ?? echo, check, log: o.log ?? log, limits: o.limits });
}

/** A logger whose lines (parsed) land in `lines`. */
export function capturing() {
  const lines: { level: number; msg: string }[] = [];
  return { lines, log: createLogger("debug", { write: (line: string) => lines.push(JSON.parse(line)) }) };
}

export const post = (body: string, extra = "") =>
  `POST /freeswitch/xml HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: freeswitch-xml/1.0\r\nAccept: */*\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n${body}`;

export type Exchange = { text: string; closed: boolean };

/**
 * Sends `pieces` one after another (`gapMs` apart), then reads until the
 * server closes, `until` is satisfied, or `waitMs` passes.
 */
export function exchange(port: number, pieces: (string | Buffer)[], o: { gapMs?: number; until?: (text: string) => boolean; waitMs?: number } = {}): Promise<Exchange> {
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
export function responses(text: string) {
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

export const count = (n: number) => (text: string) => responses(text).filter((r) => r.status !== 100).length >= n;
