import type { Context } from "hono";
import { BODY_LIMITS } from "../../http/body-limits.ts";
import { checkWav, type WavInfo } from "../../pbx/wav-format.ts";
import { ApiError } from "../errors.ts";

/** What browsers, curl users and sox call a WAV; octet-stream for clients that name no type. */
const WAV_TYPES = new Set(["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "application/octet-stream"]);

/**
 * An uploaded WAV's body (a sound, a voicemail greeting), checked to be a
 * file FreeSWITCH plays as it is: 415 for a body not sent as a WAV type,
 * 422 on `body` saying what is wrong with the audio.
 */
export async function readWav(c: Context): Promise<{ bytes: Uint8Array; info: WavInfo }> {
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!WAV_TYPES.has(type)) {
    throw new ApiError(415, "unsupported_media_type", `Content-Type ${type || "(none)"}: send the WAV's bytes as audio/wav (curl --data-binary @file.wav -H 'Content-Type: audio/wav')`);
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const verdict = checkWav(bytes, BODY_LIMITS.sound);
  if (!verdict.ok) throw new ApiError(422, "invalid", verdict.problem, "body");
  return { bytes, info: verdict.info };
}
