/**
 * A phone speaking SIP over TLS, for the real tier only: Debian's sipp is
 * built without TLS. It does what MicroSIP does on TLS and no more: one TLS
 * connection kept open (FreeSWITCH sends requests for the phone back down
 * it), REGISTER and INVITE answered by digest challenges (MD5, qop=auth),
 * an SDP offer with or without SRTP (SDES a=crypto), ACK, BYE, and 200 to
 * whatever FreeSWITCH asks on the connection (OPTIONS pings, BYE); an
 * INVITE is answered at once, with SRTP when it was offered. A test
 * peer, not a SIP stack: no retransmissions (TLS is reliable), no forking,
 * no re-INVITEs.
 */
import { createHash, randomBytes } from "node:crypto";
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { connect, type TLSSocket } from "node:tls";

export type SipMessage = { firstLine: string; status?: number; headers: [string, string][]; body: string; raw: string };

const COMPACT: Record<string, string> = { v: "via", f: "from", t: "to", i: "call-id", m: "contact", l: "content-length", c: "content-type" };
const canonical = (name: string) => COMPACT[name.toLowerCase()] ?? name.toLowerCase();
export const header = (m: SipMessage, name: string) => m.headers.find(([n]) => canonical(n) === name.toLowerCase())?.[1];
const headersOf = (m: SipMessage, name: string) => m.headers.filter(([n]) => canonical(n) === name.toLowerCase()).map(([, v]) => v);

const md5 = (s: string) => createHash("md5").update(s).digest("hex");
const token = () => randomBytes(6).toString("hex");

/** The byte stream cut into SIP messages by Content-Length; the CRLF keep-alives between them skipped. */
function messageReader(onMessage: (m: SipMessage) => void) {
  let buffer = "";
  return (chunk: string) => {
    buffer += chunk;
    for (;;) {
      buffer = buffer.replace(/^(\r\n)+/, "");
      const end = buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const [firstLine = "", ...lines] = buffer.slice(0, end).split("\r\n");
      const headers = lines.map((l): [string, string] => [l.slice(0, l.indexOf(":")).trim(), l.slice(l.indexOf(":") + 1).trim()]);
      const length = Number(headers.find(([n]) => canonical(n) === "content-length")?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      const body = buffer.slice(end + 4, end + 4 + length);
      const raw = buffer.slice(0, end + 4 + length);
      buffer = buffer.slice(end + 4 + length);
      const status = /^SIP\/2\.0 (\d{3})/.exec(firstLine)?.[1];
      onMessage({ firstLine, headers, body, raw, ...(status ? { status: Number(status) } : {}) });
    }
  };
}

/** RFC 2617 digest with qop=auth, as FreeSWITCH challenges (sofia_reg.c). */
export function digestAnswer(challenge: string, o: { user: string; password: string; method: string; uri: string }): string {
  const param = (name: string) => new RegExp(`${name}="?([^",]+)"?`, "i").exec(challenge)?.[1] ?? "";
  const realm = param("realm");
  const nonce = param("nonce");
  const qop = param("qop") ? "auth" : "";
  const ha1 = md5(`${o.user}:${realm}:${o.password}`);
  const ha2 = md5(`${o.method}:${o.uri}`);
  const cnonce = token();
  const nc = "00000001";
  const response = qop ? md5(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
  const base = `Digest username="${o.user}", realm="${realm}", nonce="${nonce}", uri="${o.uri}", response="${response}", algorithm=MD5`;
  return qop ? `${base}, qop=${qop}, nc=${nc}, cnonce="${cnonce}"` : base;
}

export type MediaOffer = "srtp" | "plain";

/** Audio, PCMU/PCMA: RTP/SAVP with one SDES key (`tag`: the offer's, when answering), or plain RTP/AVP. */
export function sdpOffer(ip: string, port: number, media: MediaOffer, tag = "1"): string {
  const key = randomBytes(30).toString("base64");
  return [
    "v=0",
    `o=tls-phone ${Date.now()} 1 IN IP4 ${ip}`,
    "s=tls-phone",
    `c=IN IP4 ${ip}`,
    "t=0 0",
    `m=audio ${port} ${media === "srtp" ? "RTP/SAVP" : "RTP/AVP"} 0 8 101`,
    "a=rtpmap:0 PCMU/8000",
    "a=rtpmap:8 PCMA/8000",
    "a=rtpmap:101 telephone-event/8000",
    ...(media === "srtp" ? [`a=crypto:${tag} AES_CM_128_HMAC_SHA1_80 inline:${key}`] : []),
    "a=sendrecv",
    "",
  ].join("\r\n");
}

/**
 * The answer to an offer, one m-line for each offered (RFC 3264): the SRTP
 * one taken when there is one with the suite every SDES phone has (under its
 * tag), else the first plain one; the others refused with port 0. FreeSWITCH
 * offers both in turn when SRTP is only optional.
 */
export function sdpAnswer(offer: string, ip: string, port: number): string {
  const sections = offer.split(/\r?\n(?=m=)/).slice(1);
  const srtpTag = (s: string) => (/^m=audio \d+ RTP\/SAVP /.test(s) ? /^a=crypto:(\d+) AES_CM_128_HMAC_SHA1_80 /m.exec(s)?.[1] : undefined);
  const chosen = Math.max(sections.findIndex((s) => srtpTag(s)), 0);
  const lines = sdpOffer(ip, port, srtpTag(sections[chosen] ?? "") ? "srtp" : "plain", srtpTag(sections[chosen] ?? "")).split("\r\n");
  const head = lines.slice(0, lines.findIndex((l) => l.startsWith("m=")));
  const media = lines.slice(head.length).filter(Boolean);
  const refused = (s: string) => `m=audio 0 ${/^m=audio \d+ (\S+)/.exec(s)?.[1] ?? "RTP/AVP"} 0`;
  return [...head, ...sections.flatMap((s, i) => (i === chosen ? media : [refused(s)])), ""].join("\r\n");
}

export type TlsPhoneOptions = { host: string; port: number; domain: string; user: string; password: string; ca: string };
export type CallResult = { status: number; final: SipMessage; provisional: number[] };

export async function connectTlsPhone(o: TlsPhoneOptions) {
  const socket: TLSSocket = connect({ host: o.host, port: o.port, ca: o.ca });
  await new Promise<void>((resolve, reject) => {
    socket.once("secureConnect", resolve);
    socket.once("error", reject);
  });
  // Checked against the test's own certificate (and its IP): FreeSWITCH serves the one callboard pointed it at, not a tls.pem of its own.
  if (!socket.authorized) throw new Error(`FreeSWITCH's certificate was not the test's: ${socket.authorizationError}`);
  const rtp: UdpSocket = createSocket("udp4");
  await new Promise<void>((resolve) => rtp.bind(0, "127.0.0.1", resolve));
  const local = `127.0.0.1:${socket.localPort}`;
  const contact = `<sip:${o.user}@${local};transport=tls>`;
  const fromTag = token();
  const log: SipMessage[] = [];
  const waiting: { match: (m: SipMessage) => boolean; resolve: (m: SipMessage) => void }[] = [];

  const send = (text: string) => socket.write(text);
  const reply = (req: SipMessage, status: string, body = "") => {
    const to = header(req, "to") ?? "";
    send([
      `SIP/2.0 ${status}`,
      ...headersOf(req, "via").map((v) => `Via: ${v}`),
      `From: ${header(req, "from")}`,
      `To: ${/;tag=/.test(to) ? to : `${to};tag=${token()}`}`,
      `Call-ID: ${header(req, "call-id")}`,
      `CSeq: ${header(req, "cseq")}`,
      `Contact: ${contact}`,
      ...(body ? ["Content-Type: application/sdp"] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
      "",
      body,
    ].join("\r\n"));
  };
  const invites: SipMessage[] = [];
  socket.setEncoding("utf8");
  socket.on("data", messageReader((m) => {
    log.push(m);
    if (m.firstLine.startsWith("ACK ")) return;
    if (m.firstLine.startsWith("INVITE ")) {
      invites.push(m);
      return reply(m, "200 OK", sdpAnswer(m.body, "127.0.0.1", (rtp.address() as { port: number }).port));
    }
    if (m.status === undefined) return reply(m, "200 OK");
    const i = waiting.findIndex((w) => w.match(m));
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(m);
  }));
  const finalFor = (callId: string, cseq: number, provisional: number[]) =>
    new Promise<SipMessage>((resolve) => {
      const match = (m: SipMessage) => {
        if (header(m, "call-id") !== callId || !header(m, "cseq")?.startsWith(`${cseq} `)) return false;
        if (m.status! < 200) provisional.push(m.status!);
        return m.status! >= 200;
      };
      waiting.push({ match, resolve });
    });

  /** One request and its final answer; a 401/407 is answered once with credentials, in a new transaction. */
  async function transact(method: string, uri: string, to: string, callId: string, cseq: number, extra: string[], body = "") {
    const provisional: number[] = [];
    const build = (n: number, auth: string[]) => {
      const branch = `z9hG4bK${token()}`;
      return {
        branch,
        text: [
          `${method} ${uri} SIP/2.0`,
          `Via: SIP/2.0/TLS ${local};branch=${branch};rport`,
          "Max-Forwards: 70",
          `From: <sip:${o.user}@${o.domain}>;tag=${fromTag}`,
          `To: ${to}`,
          `Call-ID: ${callId}`,
          `CSeq: ${n} ${method}`,
          `Contact: ${contact}`,
          "User-Agent: callboard-tls-phone",
          ...extra,
          ...auth,
          ...(body ? ["Content-Type: application/sdp"] : []),
          `Content-Length: ${Buffer.byteLength(body)}`,
          "",
          body,
        ].join("\r\n"),
      };
    };
    let first = build(cseq, []);
    let answer = finalFor(callId, cseq, provisional);
    send(first.text);
    let final = await answer;
    if (final.status === 401 || final.status === 407) {
      if (method === "INVITE") ackFailure(first.branch, uri, final, callId, cseq);
      const challenge = header(final, final.status === 401 ? "www-authenticate" : "proxy-authenticate") ?? "";
      const name = final.status === 401 ? "Authorization" : "Proxy-Authorization";
      cseq += 1;
      first = build(cseq, [`${name}: ${digestAnswer(challenge, { user: o.user, password: o.password, method, uri })}`]);
      answer = finalFor(callId, cseq, provisional);
      send(first.text);
      final = await answer;
    }
    return { final, provisional, branch: first.branch, cseq };
  }

  /** A failed INVITE is ACKed in its own transaction (same branch), as RFC 3261 17.1.1.3 says. */
  function ackFailure(branch: string, uri: string, final: SipMessage, callId: string, cseq: number) {
    send([
      `ACK ${uri} SIP/2.0`,
      `Via: SIP/2.0/TLS ${local};branch=${branch};rport`,
      "Max-Forwards: 70",
      `From: <sip:${o.user}@${o.domain}>;tag=${fromTag}`,
      `To: ${header(final, "to")}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ACK`,
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n"));
  }

  let dialog: { callId: string; to: string; target: string; cseq: number } | undefined;

  return {
    /** The messages FreeSWITCH sent, in order. */
    log,
    /** INVITEs FreeSWITCH sent this phone (each answered 200 at once). */
    invites,
    rtpPort: (rtp.address() as { port: number }).port,
    async register(expires = 600): Promise<SipMessage> {
      const aor = `<sip:${o.user}@${o.domain}>`;
      const { final } = await transact("REGISTER", `sip:${o.domain}`, aor, `reg-${token()}`, 1, [`Expires: ${expires}`]);
      return final;
    },
    /** INVITE `dest` with an offer; a 2xx is ACKed and the dialog kept for hangup(). */
    async call(dest: string, media: MediaOffer): Promise<CallResult> {
      const uri = `sip:${dest}@${o.domain}`;
      const callId = `call-${token()}`;
      const sdp = sdpOffer("127.0.0.1", (rtp.address() as { port: number }).port, media);
      const { final, provisional, branch, cseq } = await transact("INVITE", uri, `<${uri}>`, callId, 1, [], sdp);
      if (final.status! >= 300) {
        ackFailure(branch, uri, final, callId, cseq);
        return { status: final.status!, final, provisional };
      }
      const target = /<([^>]+)>/.exec(header(final, "contact") ?? "")?.[1] ?? uri;
      dialog = { callId, to: header(final, "to") ?? "", target, cseq };
      send([
        `ACK ${target} SIP/2.0`,
        `Via: SIP/2.0/TLS ${local};branch=z9hG4bK${token()};rport`,
        "Max-Forwards: 70",
        `From: <sip:${o.user}@${o.domain}>;tag=${fromTag}`,
        `To: ${dialog.to}`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} ACK`,
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"));
      return { status: final.status!, final, provisional };
    },
    async hangup(): Promise<number | undefined> {
      if (!dialog) return undefined;
      const d = dialog;
      dialog = undefined;
      const { final } = await transact("BYE", d.target, d.to, d.callId, d.cseq + 1, []);
      return final.status;
    },
    close() {
      socket.destroy();
      rtp.close();
    },
  };
}

export type TlsPhone = Awaited<ReturnType<typeof connectTlsPhone>>;
