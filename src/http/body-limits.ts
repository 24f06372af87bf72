/**
 * How large a request body each surface accepts, enforced before the body is
 * read: a declared Content-Length over the limit is refused at once, a chunked
 * body as soon as it passes it. Each surface answers in its own shape (the
 * REST API's JSON one is in api/body-limits.ts). Bun's `maxRequestBodySize`
 * (MAX_REQUEST_BODY) is the backstop for anything no surface covers.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Logger } from "../log.ts";
import { type Refusal, refusalResponse } from "./source-guard.ts";

const KiB = 1024;
const MiB = 1024 * KiB;

export const BODY_LIMITS = {
  /** REST JSON: the largest real body (a gateway, an outbound route) is well under 1 KB. */
  rest: 1 * MiB,
  /** mod_xml_curl form posts: the captured dialplan bodies are about 7 KB. */
  xmlcurl: 64 * KiB,
  /** mod_json_cdr: a CDR with both caller profiles and recordings is 10-30 KB. */
  cdr: 2 * MiB,
  /** An uploaded WAV: 16 MiB is 17 minutes at 8000 Hz, 8.7 at 16000 (music on hold included). */
  sound: 16 * MiB,
} as const;

export const MAX_REQUEST_BODY = Math.max(...Object.values(BODY_LIMITS));

/**
 * FreeSWITCH's endpoints: a plain 413, logged, since FreeSWITCH never sends
 * this much and whoever did should show up in the log.
 */
export const freeswitchBodyLimit = (maxSize: number, log: Logger): MiddlewareHandler =>
  bodyLimit({
    maxSize,
    onError: (c) => freeswitchTooLarge(c.req.path, maxSize, log),
  });

/** The plain 413 FreeSWITCH's endpoints answer, logged as freeswitchBodyLimit logs it. */
export function freeswitchTooLarge(path: string, maxBytes: number, log: Logger): Response {
  return refusalResponse(freeswitchTooLargeRefusal(path, maxBytes, log));
}

/** freeswitchTooLarge as a value, for the xml_curl listener that writes its own bytes. */
export function freeswitchTooLargeRefusal(path: string, maxBytes: number, log: Logger): Refusal {
  log.warn({ path, maxBytes }, "FreeSWITCH endpoint refused: body too large");
  return { status: 413, text: "request body too large\n" };
}

/** The request declares a body over `maxBytes` (or a length that is not a number). */
export function declaresOver(req: Request, maxBytes: number): boolean {
  const declared = req.headers.get("content-length");
  return declared !== null && !(Number(declared) <= maxBytes);
}

/**
 * The body's bytes, or undefined when it is over `maxBytes`. A declared
 * Content-Length decides before anything is read (Bun delivers no more than
 * it declares); a body without one (chunked) is read piece by piece and
 * dropped as soon as it passes the limit. hono/body-limit does the same, but
 * always through a stream of its own: several µs a request on xml_curl's path.
 */
export async function readBytesWithin(req: Request, maxBytes: number): Promise<Buffer | undefined> {
  if (req.headers.has("content-length")) return declaresOver(req, maxBytes) ? undefined : Buffer.from(await req.arrayBuffer());
  if (!req.body) return Buffer.alloc(0);
  const pieces: Uint8Array[] = [];
  let size = 0;
  for await (const piece of req.body) {
    size += piece.byteLength;
    if (size > maxBytes) return undefined;
    pieces.push(piece);
  }
  return Buffer.concat(pieces);
}
