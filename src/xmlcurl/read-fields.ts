import { decodeFsValue, type XmlCurlRequest } from "./parse-request.ts";

/**
 * The request as the answer reads it: each field found and decoded when it
 * is asked for, the rest of the body (FreeSWITCH sends every header of the
 * event, up to 8 KB) never split or decoded. An answer reads about six.
 *
 * A field is the first `name=` at the start of the body or right after an
 * `&`, as parseXmlCurlBody's first occurrence. FreeSWITCH percent-encodes
 * `&` and `=` inside values (switch_url_encode), so neither can appear in a
 * value. Names are compared as sent: the names callboard reads are letters,
 * digits, `_` and `-`, which switch_url_encode never encodes, so FreeSWITCH's
 * own field can never hide behind an encoded spelling of it.
 */
export function readXmlCurlRequest(body: string): XmlCurlRequest {
  // Not remembered: an answer reads each field once.
  const field = (name: string): string | undefined => {
    const value = rawField(body, name);
    return value === undefined ? undefined : decodeFsValue(value);
  };
  return {
    section: field("section") ?? "",
    get tagName() {
      return field("tag_name") ?? "";
    },
    get keyName() {
      return field("key_name") ?? "";
    },
    get keyValue() {
      return field("key_value") ?? "";
    },
    field,
  };
}

const EQUALS = 61;

function rawField(body: string, name: string): string | undefined {
  let start: number;
  // Compared in place: no `name=` string is made for the one field (section) that can open the body.
  if (body.charCodeAt(name.length) === EQUALS && body.startsWith(name)) start = name.length + 1;
  else {
    const at = body.indexOf(`&${name}=`);
    if (at < 0) return undefined;
    start = at + name.length + 2;
  }
  const end = body.indexOf("&", start);
  return body.slice(start, end < 0 ? body.length : end);
}
