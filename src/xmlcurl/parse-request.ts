import type { CallMedia } from "../pbx/srtp-policy.ts";
import type { PostedField } from "./posted-fields.ts";
/** One mod_xml_curl POST: the four lookup keys, and any event header that came with them by name. */
export type XmlCurlRequest = {
  section: string;
  tagName: string;
  keyName: string;
  keyValue: string;
  /** The decoded value of the first field of that name, if any; only names FreeSWITCH is told to post (posted-fields.ts). */
  field(name: PostedField): string | undefined;
};

const utf8 = new TextDecoder("utf-8");

/**
 * Percent-decoding as FreeSWITCH encodes (switch_url_encode): `%XX` per byte,
 * never `+` for space. Bytes that are not valid UTF-8 become U+FFFD instead
 * of failing the whole request.
 */
export function decodeFsValue(raw: string): string {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return decodeBytes(raw);
  }
}

function decodeBytes(raw: string): string {
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < raw.length; i++) {
    const hex = raw[i] === "%" ? raw.slice(i + 1, i + 3) : "";
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      const cp = raw.codePointAt(i) ?? 0;
      if (cp > 0xffff) i++;
      bytes.push(...enc.encode(String.fromCodePoint(cp)));
    }
  }
  return utf8.decode(new Uint8Array(bytes));
}

/**
 * The body as a map. The first occurrence of a name wins: the lookup keys come
 * first in every body, so a later header of the same name cannot override them.
 */
export function parseXmlCurlBody(body: string): XmlCurlRequest & { fields: ReadonlyMap<string, string> } {
  const fields = new Map<string, string>();
  for (const pair of body.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const name = decodeFsValue(eq < 0 ? pair : pair.slice(0, eq));
    if (fields.has(name)) continue;
    fields.set(name, eq < 0 ? "" : decodeFsValue(pair.slice(eq + 1)));
  }
  return {
    section: fields.get("section") ?? "",
    tagName: fields.get("tag_name") ?? "",
    keyName: fields.get("key_name") ?? "",
    keyValue: fields.get("key_value") ?? "",
    field: (name) => fields.get(name),
    fields,
  };
}

/** A dialplan request as the routing sees it. */
export type DialplanCall = {
  context: string;
  destination: string;
  callerExtension?: string;
  /** What the channel shows as the caller: for display only (a ring group's prefixed name), never trusted. */
  callerIdName?: string;
  callerIdNumber?: string;
  uuid?: string;
  /** The caller leg's signalling transport and SRTP suite, as sofia set them before routing. */
  media: CallMedia;
  /** Context `forward` (callboard's own): the forwards followed so far and why the last ring gave up. */
  forwardHops?: number;
  failedCause?: string;
};

/**
 * Who is calling, from what FreeSWITCH itself established:
 * - a phone call: `variable_sip_authorized=true` plus `variable_user_name`,
 *   both set by sofia after digest auth (the caller-id a phone sends is ignored);
 * - a call callboard originated (click-to-call): a leg FreeSWITCH created
 *   (`Call-Direction=outbound`) carrying `variable_callboard_caller`. Only an
 *   originate string can set that variable; SIP headers land in `sip_*` names.
 *
 * What a kept answer is found by (context, caller, destination) is read at
 * once; the rest when routing or rendering first asks for it (getters on the
 * class, not closures made per call), so an answer from the cache searches
 * the body for five fields, not twelve.
 */
export function dialplanCall(req: XmlCurlRequest): DialplanCall {
  return new PostedDialplanCall(req);
}

class PostedDialplanCall implements DialplanCall {
  readonly context: string;
  readonly destination: string;
  readonly callerExtension: string | undefined;
  readonly forwardHops: number | undefined;
  readonly failedCause: string | undefined;
  readonly #req: XmlCurlRequest;

  constructor(req: XmlCurlRequest) {
    this.#req = req;
    const authorized = req.field("variable_sip_authorized") === "true" ? req.field("variable_user_name") : undefined;
    this.callerExtension = authorized || (req.field("Call-Direction") === "outbound" ? req.field("variable_callboard_caller") : undefined) || undefined;
    this.context = req.field("Hunt-Context") ?? req.field("Caller-Context") ?? "";
    this.destination = req.field("Caller-Destination-Number") ?? req.field("Hunt-Destination-Number") ?? "";
    // Only callboard's own answers put a call in context forward and set these; elsewhere they are not read.
    const hops = this.context === "forward" ? Number(req.field("variable_callboard_forward_hops") ?? "0") : Number.NaN;
    const cause = this.context === "forward" ? req.field("variable_originate_failed_cause") : undefined;
    this.forwardHops = Number.isInteger(hops) && hops >= 0 ? hops : undefined;
    this.failedCause = cause && /^[A-Z_]{1,48}$/.test(cause) ? cause : undefined;
  }

  get callerIdName() {
    return this.#req.field("Caller-Caller-ID-Name");
  }
  get callerIdNumber() {
    return this.#req.field("Caller-Caller-ID-Number");
  }
  get uuid() {
    return this.#req.field("Unique-ID") ?? this.#req.field("variable_uuid");
  }
  get media(): CallMedia {
    return { transport: this.#req.field("variable_sip_via_protocol"), srtpSuite: this.#req.field("variable_rtp_secure_media_negotiated") || undefined };
  }
}
