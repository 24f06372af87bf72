import { decodeFsValue, type XmlCurlRequest } from "./parse-request.ts";
import { ALWAYS_POSTED, POSTED_FIELDS, type PostedField } from "./posted-fields.ts";

export type XmlCurlReader = (body: Buffer) => XmlCurlRequest;

/**
 * The request as the answer reads it: each field found and decoded when it
 * is asked for, the rest of the body never split or decoded. With
 * freeswitch-conf's bindings the body is a few hundred bytes; a FreeSWITCH
 * posting every header of the event sends up to 8 KB. An answer reads six
 * to a dozen fields.
 *
 * A field is the first `name=` at the start of the body or right after an
 * `&`, as parseXmlCurlBody's first occurrence. FreeSWITCH percent-encodes
 * `&` and `=` inside values (switch_url_encode), so neither can appear in a
 * value. Names are compared as sent: the names callboard reads are letters,
 * digits, `_` and `-`, which switch_url_encode never encodes, so FreeSWITCH's
 * own field can never hide behind an encoded spelling of it.
 *
 * The body stays bytes: Buffer.indexOf is a memmem, two to three times
 * faster than String.indexOf over the same 7 KB, and only the values read
 * are decoded (as UTF-8, like the whole body would be: they are cut at ASCII
 * `=` and `&`, so no character is split).
 *
 * One reader serves for the life of the server, with the `&name=` needle of
 * every posted name made once: making the needle per read cost more than the
 * search itself (about 0.3 µs a field, a dozen fields a dialplan answer).
 */
export function createXmlCurlReader(): XmlCurlReader {
  const names: readonly PostedField[] = [...ALWAYS_POSTED, ...Object.values(POSTED_FIELDS).flat()];
  const needles = new Map(names.map((name) => [name, Buffer.from(`&${name}=`)]));
  return (body) => {
    // Not remembered: an answer reads each field once.
    const field = (name: PostedField): string | undefined => {
      const value = rawField(body, needles.get(name) ?? Buffer.from(`&${name}=`));
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
  };
}

const EQUALS = 61;
const AMPERSAND = 38;

function rawField(body: Buffer, needle: Buffer): string | undefined {
  const nameBytes = needle.length - 2;
  let start: number;
  if (body.length > nameBytes && body[nameBytes] === EQUALS && body.compare(needle, 1, nameBytes + 1, 0, nameBytes) === 0) start = nameBytes + 1;
  else {
    const at = body.indexOf(needle);
    if (at < 0) return undefined;
    start = at + needle.length;
  }
  const end = body.indexOf(AMPERSAND, start);
  return body.toString("utf8", start, end < 0 ? body.length : end);
}
