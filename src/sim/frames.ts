/**
 * Byte-exact encoders for what FreeSWITCH's mod_event_socket writes, as seen
 * in test/fixtures/freeswitch/esl. Every Content-Length counts UTF-8 bytes.
 */

import { create } from "xmlbuilder2";

export type Header = readonly [name: string, value: string];

/** One fired event: ordered headers (duplicates allowed, as FreeSWITCH has them) and an optional body. */
export type SimEvent = {
  readonly name: string;
  readonly subclass?: string;
  readonly headers: readonly Header[];
  readonly body?: string;
};

export type EventFormat = "plain" | "json" | "xml";

const encoder = new TextEncoder();
const byteLength = (text: string): number => encoder.encode(text).length;

export const GREETING = "Content-Type: auth/request\n\n";

export const GOODBYE_MESSAGE = "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";
export const SHUTDOWN_MESSAGE = "The system is being shut down.\n";

export function commandReply(text: string): string {
  return `Content-Type: command/reply\nReply-Text: ${text}\n\n`;
}

export function bgapiReply(jobUuid: string): string {
  return `Content-Type: command/reply\nReply-Text: +OK Job-UUID: ${jobUuid}\nJob-UUID: ${jobUuid}\n\n`;
}

export function apiResponse(body: string): string {
  return `Content-Type: api/response\nContent-Length: ${byteLength(body)}\n\n${body}`;
}

export function disconnectNotice(message: string): string {
  return `Content-Type: text/disconnect-notice\nContent-Length: ${byteLength(message)}\n\n${message}`;
}

// switch_utils.c SWITCH_URL_UNSAFE, plus every byte outside ' '..'~'.
const URL_UNSAFE = new Set(Array.from("\r\n #%&+:;<=>?@[\\]^`{|}\"", (c) => c.charCodeAt(0)));
const HEX = "0123456789ABCDEF";
const isUpperHex = (byte: number | undefined): boolean => byte !== undefined && HEX.includes(String.fromCharCode(byte));

/**
 * FreeSWITCH's switch_url_encode, byte by byte over UTF-8. Like the original
 * (double_encode off), an existing `%XX` with uppercase hex passes through.
 */
export function fsUrlEncode(value: string): string {
  const bytes = encoder.encode(value);
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    const keepsEscape = byte === 0x25 && isUpperHex(bytes[i + 1]) && isUpperHex(bytes[i + 2]);
    if (!keepsEscape && (byte < 0x20 || byte > 0x7e || URL_UNSAFE.has(byte))) {
      out += `%${HEX[byte >> 4]}${HEX[byte & 0x0f]}`;
    } else {
      out += String.fromCharCode(byte);
    }
  }
  return out;
}

/** cJSON's string printer: escapes quotes, backslashes and control bytes only; UTF-8 stays raw. */
export function cJsonString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

function plainBody(event: SimEvent): string {
  let text = "";
  for (const [name, value] of event.headers) text += `${name}: ${fsUrlEncode(value)}\n`;
  if (event.body === undefined) return `${text}\n`;
  return `${text}Content-Length: ${byteLength(event.body)}\n\n${event.body}`;
}

function jsonBody(event: SimEvent): string {
  const members = event.headers.map(([name, value]) => `${cJsonString(name)}:${cJsonString(value)}`);
  if (event.body !== undefined) {
    members.push(`"Content-Length":${cJsonString(String(byteLength(event.body)))}`);
    members.push(`"_body":${cJsonString(event.body)}`);
  }
  return `{${members.join(",")}}`;
}

/** switch_event_xmlize's shape: `<event><headers><Name>url-encoded</Name>…</headers><body>…</body></event>`. */
function xmlBody(event: SimEvent): string {
  const root = create().ele("event");
  const headers = root.ele("headers");
  for (const [name, value] of event.headers) headers.ele(name).txt(fsUrlEncode(value));
  if (event.body !== undefined) root.ele("body").txt(event.body);
  return root.end({ headless: true, prettyPrint: true, indent: "  " });
}

export function eventFrame(event: SimEvent, format: EventFormat): string {
  const body = format === "plain" ? plainBody(event) : format === "json" ? jsonBody(event) : xmlBody(event);
  return `Content-Length: ${byteLength(body)}\nContent-Type: text/event-${format}\n\n${body}`;
}
