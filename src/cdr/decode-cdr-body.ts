/**
 * Turns the bytes mod_json_cdr POSTs into a JSON object. FreeSWITCH has
 * three ways to send it (json_cdr.conf `encode`): raw `application/json`
 * (what callboard configures and the fixtures show), `cdr=<url-encoded>`
 * form, and `cdr=<base64>` with `application/x-www-form-base64-encoded`.
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
  const type = (contentType ?? "").toLowerCase();
  let jsonText = text;
  if (type.includes("form") || text.startsWith("cdr=")) {
    const field = formField(text, "cdr");
    if (field === undefined) return { ok: false, error: "form body has no cdr field" };
    if (type.includes("base64")) jsonText = Buffer.from(field, "base64").toString("utf8");
    else {
      try {
        jsonText = decodeURIComponent(field);
      } catch {
        return { ok: false, error: "cdr field is not valid URL encoding" };
      }
    }
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

/** The raw (still encoded) value: base64 may hold `+`, which form decoding would turn into a space. */
function formField(body: string, name: string): string | undefined {
  for (const pair of body.split("&")) {
    if (pair.startsWith(`${name}=`)) return pair.slice(name.length + 1);
  }
  return undefined;
}
