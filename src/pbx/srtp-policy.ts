import type { SrtpMode } from "../config.ts";
import type { Rejection } from "./route-decision.ts";

/** What FreeSWITCH had settled about a call's media when it asked the dialplan. */
export type CallMedia = {
  /** `variable_sip_via_protocol`: udp, tcp, tls… for a call a phone placed; absent for a leg FreeSWITCH created. */
  transport?: string;
  /** `variable_rtp_secure_media_negotiated`: the SRTP suite agreed with the phone, absent when its offer was plain RTP. */
  srtpSuite?: string;
};

/**
 * CALLBOARD_SRTP=require for a call a phone places over TLS: FreeSWITCH
 * negotiated the phone's SDP before routing it (inbound crypto defaults to
 * `optional`, switch_core_media.c), so by now it knows whether the phone
 * offered SRTP. Without it the call ends 488 Not Acceptable Here
 * (INCOMPATIBLE_DESTINATION in mod_sofia's cause table) before anything
 * rings. Per-call rather than per-user, because the same extension may also
 * have a desk phone on plain UDP.
 */
export function srtpRefusal(mode: SrtpMode, call: { readonly media: CallMedia }): Rejection | undefined {
  // Read only in the one mode that can refuse: a dialplan call reads its media from the body on first use.
  if (mode !== "require") return undefined;
  const media = call.media;
  if (media.transport?.toLowerCase() !== "tls" || media.srtpSuite) return undefined;
  return { kind: "reject", cause: "INCOMPATIBLE_DESTINATION", reason: "the phone on TLS offered plain RTP and CALLBOARD_SRTP=require" };
}
