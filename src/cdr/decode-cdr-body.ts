/**
 * Turns the bytes mod_json_cdr POSTs into a JSON object. FreeSWITCH has
 * three ways to send it (json_cdr.conf `encode`): the raw JSON document
 * (what callboard configures), `cdr=<url-encoded JSON>` and `cdr=<base64>`.
 *
 * The body is judged by its bytes, not by its Content-Type: with
 * `disable-100-continue=true`, mod_json_cdr 1.10.12 replaces its header list
 * and the raw JSON arrives labelled `application/x-www-form-urlencoded`, and
 * a base64 form is labelled the same way. The header only breaks a tie that
 * the bytes leave open.
 */

export type DecodedBody = { ok: true; text: string; json: Record<string, unknown> } | { ok: false; error: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function decodeCdrBody(bytes: Uint8Array, contentType: string | undefined): DecodedBody {
  if (bytes.length === 0) return { ok: false, error: "empty body" };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, error: "body is not valid UTF-8" };
  }
  const start = text.trimStart();
  let jsonText = text;
  if (!start.startsWith("{")) {
    const field = formField(start, "cdr");
    if (field === undefined) {
      const labelled = (contentType ?? "").toLowerCase().includes("form");
      return { ok: false, error: labelled ? "form body has no cdr field" : "body is neither a JSON object nor a cdr= form" };
    }
    const decoded = decodeFormCdr(field);
    if (!decoded.ok) return decoded;
    jsonText = decoded.text;
  }
  let json: unknown;
  try {
    json = JSON.parse(jsonText);
  } catch (err) {
    return { ok: false, error: `body is not JSON: ${(err as Error).message}` };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, error: "body is not a JSON object" };
  }
  return { ok: true, text, json: json as Record<string, unknown> };
}

/**
 * `encode=true` URL-encodes the document, so it starts with `{` or `%7B`;
 * anything else is `encode=base64` (JSON in base64 starts with `ey`).
 */
function decodeFormCdr(field: string): { ok: true; text: string } | { ok: false; error: string } {
  if (/^(\{|%7b)/i.test(field)) {
    try {
      return { ok: true, text: decodeURIComponent(field) };
    } catch {
      return { ok: false, error: "cdr field is not valid URL encoding" };
    }
  }
  if (!/^[A-Za-z0-9+/]+={0,2}\s*$/.test(field)) return { ok: false, error: "cdr field is neither URL-encoded JSON nor base64" };
  return { ok: true, text: Buffer.from(field, "base64").toString("utf8") };
}

/** The raw (still encoded) value: base64 may hold `+`, which form decoding would turn into a space. */
function formField(body: string, name: string): string | undefined {
  for (const pair of body.split("&")) {
    if (pair.startsWith(`${name}=`)) return pair.slice(name.length + 1);
  }
  return undefined;
}
