import { describe, expect, test } from "bun:test";
import { parseHead } from "./http1-head.ts";

const LIMITS = { maxHeadBytes: 8192, maxHeaders: 64 };
/** What FreeSWITCH 1.10.12's libcurl sends with disable-100-continue (mod_xml_curl.c: its header list becomes `Expect:` alone). */
const CURL_HEAD = "POST /freeswitch/xml HTTP/1.1\r\nHost: 127.0.0.1:8081\r\nUser-Agent: freeswitch-xml/1.0\r\nAccept: */*\r\nContent-Length: 1181\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n";

const parse = (text: string, limits = LIMITS) => parseHead(Buffer.from(text, "latin1"), limits);
const refused = (text: string, limits = LIMITS) => {
  const r = parse(text, limits);
  return r && "refused" in r ? r.refused.status : r === undefined ? "incomplete" : "parsed";
};

describe("the head of a request FreeSWITCH sends", () => {
  test("parses to method, target, lower-case headers and the body's length; the head's size excludes the body", () => {
    const r = parse(`${CURL_HEAD}section=directory`);
    if (!r || "refused" in r) throw new Error("expected a head");
    expect(r.size).toBe(CURL_HEAD.length);
    expect(r.head).toMatchObject({ method: "POST", target: "/freeswitch/xml", contentLength: 1181, keepAlive: true, expectsContinue: false });
    expect(r.head.headers.get("user-agent")).toBe("freeswitch-xml/1.0");
    expect(r.head.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
  });

  test("is incomplete, not refused, at every byte before its blank line", () => {
    for (let n = 0; n < CURL_HEAD.length; n++) expect(refused(CURL_HEAD.slice(0, n))).toBe("incomplete");
    expect(refused(CURL_HEAD)).toBe("parsed");
  });

  test("Expect: 100-continue is noted, but not from HTTP/1.0; an empty Expect is none; any other expectation is 417", () => {
    const withExpect = (v: string) => CURL_HEAD.replace("Accept: */*", `Expect: ${v}`);
    const r = parse(withExpect("100-continue"));
    expect(r && "head" in r && r.head.expectsContinue).toBe(true);
    const empty = parse(CURL_HEAD.replace("Accept: */*", "Expect:"));
    expect(empty && "head" in empty && empty.head.expectsContinue).toBe(false);
    const http10 = parse(withExpect("100-continue").replace("HTTP/1.1", "HTTP/1.0"));
    expect(http10 && "head" in http10 && http10.head.expectsContinue).toBe(false);
    expect(refused(withExpect("200-ok"))).toBe(417);
  });

  test("keep-alive unless Connection: close; HTTP/1.0 is always closed after its answer", () => {
    const keep = (text: string) => {
      const r = parse(text);
      return r && "head" in r ? r.head.keepAlive : undefined;
    };
    expect(keep(CURL_HEAD.replace("Accept: */*", "Connection: close"))).toBe(false);
    expect(keep(CURL_HEAD.replace("Accept: */*", "Connection: TE, close"))).toBe(false);
    expect(keep(CURL_HEAD.replace("HTTP/1.1", "HTTP/1.0"))).toBe(false);
    expect(keep(CURL_HEAD.replace("HTTP/1.1", "HTTP/1.0").replace("Accept: */*", "Connection: keep-alive"))).toBe(false);
  });

  test("optional whitespace around a value is not part of it; a repeated ordinary header is joined", () => {
    const r = parse(CURL_HEAD.replace("Accept: */*", "Accept: \t text/xml \t\r\nAccept:*/*"));
    expect(r && "head" in r && r.head.headers.get("accept")).toBe("text/xml, */*");
  });
});

describe("a head no lenient parser should have to guess about is refused", () => {
  test("framing: no Content-Length 411, chunked 411, both 400, a length that is not plain digits 400, two lengths 400", () => {
    expect(refused(CURL_HEAD.replace("Content-Length: 1181\r\n", ""))).toBe(411);
    expect(refused(CURL_HEAD.replace("Content-Length: 1181", "Transfer-Encoding: chunked"))).toBe(411);
    expect(refused(CURL_HEAD.replace("Accept: */*", "Transfer-Encoding: chunked"))).toBe(400);
    for (const bad of ["-1", "+5", "0x10", "1 2", "12a", "", "1".repeat(16)]) expect(refused(CURL_HEAD.replace("1181", bad))).toBe(400);
    expect(refused(CURL_HEAD.replace("Accept: */*", "Content-Length: 1181"))).toBe(400);
    expect(refused(CURL_HEAD.replace("Accept: */*", "content-length: 5"))).toBe(400);
  });

  test("who-sent-it headers once only: Host, Authorization, Expect, Connection", () => {
    for (const h of ["Host: evil", "Authorization: Basic eDp5", "Expect: 100-continue\r\nExpect: 100-continue", "Connection: close\r\nConnection: close"]) {
      const twice = h.startsWith("Host") || h.startsWith("Authorization") ? `${h}\r\n${h}` : h;
      expect(refused(CURL_HEAD.replace("Accept: */*", twice))).toBe(400);
    }
  });

  test("line breaks: bare LF, bare CR, NUL, a folded line, a space before the colon, a line without a colon", () => {
    expect(refused(CURL_HEAD.replace("Accept: */*\r\n", "Accept: */*\n"))).toBe(400);
    expect(refused(CURL_HEAD.replace("Accept: */*", "Accept: */*\rX: y"))).toBe(400);
    expect(refused(CURL_HEAD.replace("Accept: */*", "Accept: *\0/*"))).toBe(400);
    expect(refused(CURL_HEAD.replace("Accept: */*", "Accept: */*\r\n  continued"))).toBe(400);
    expect(refused(CURL_HEAD.replace("Accept: */*", "Accept : */*"))).toBe(400);
    expect(refused(CURL_HEAD.replace("Accept: */*", "Accept */*"))).toBe(400);
    expect(refused(CURL_HEAD.replace("Accept: */*", ": */*"))).toBe(400);
  });

  test("request line: malformed 400, a blank line before it 400, absolute-form 400, HTTP/2 or 0.9 505, HTTP/1.1 without Host 400", () => {
    expect(refused(CURL_HEAD.replace("POST /freeswitch/xml HTTP/1.1", "POST  /freeswitch/xml HTTP/1.1"))).toBe(400);
    expect(refused(CURL_HEAD.replace("POST /freeswitch/xml HTTP/1.1", "POST /freeswitch/xml"))).toBe(400);
    expect(refused(CURL_HEAD.replace("POST /freeswitch/xml HTTP/1.1", "POST http://x/freeswitch/xml HTTP/1.1"))).toBe(400);
    expect(refused(`\r\n${CURL_HEAD}`)).toBe(400);
    expect(refused("\r\n")).toBe(400);
    expect(refused(CURL_HEAD.replace("HTTP/1.1", "HTTP/2.0"))).toBe(505);
    expect(refused(CURL_HEAD.replace("HTTP/1.1", "HTTP/0.9"))).toBe(505);
    expect(refused(CURL_HEAD.replace("Host: 127.0.0.1:8081\r\n", ""))).toBe(400);
  });

  test("size: a head over the limit 431 whether or not it has ended; more header lines than allowed 431", () => {
    const small = { maxHeadBytes: 256, maxHeaders: 8 };
    const long = CURL_HEAD.replace("Accept: */*", `X-Pad: ${"a".repeat(300)}`);
    expect(refused(long, small)).toBe(431);
    expect(refused(long.slice(0, 280), small)).toBe(431);
    const many = CURL_HEAD.replace("Accept: */*", Array.from({ length: 5 }, (_, i) => `X-${i}: y`).join("\r\n"));
    expect(refused(many, small)).toBe(431);
    expect(refused(many, { maxHeadBytes: 256, maxHeaders: 9 })).toBe("parsed");
  });
});
