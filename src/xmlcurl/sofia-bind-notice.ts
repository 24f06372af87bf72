import type { Config, SipBinding } from "../config.ts";

export type BindNotice = { level: "info" | "warn"; message: string; profiles: Record<string, string> };

const GUESS = "FreeSWITCH's guess";

const describe = (b: SipBinding) => `${b.sipIp ?? GUESS}:${b.sipPort}, RTP ${b.rtpIp ?? GUESS}`;

/**
 * The start-up line saying where sofia.conf makes each profile listen. An
 * address left unset is bound by FreeSWITCH itself (sofia.c: the address of
 * its default route), which is right on a host with one address and a coin
 * toss on a host with several: then it is a warning naming the choices.
 */
export function sofiaBindNotice(sip: Config["sip"], hostAddresses: readonly string[]): BindNotice {
  const profiles = { internal: describe(sip.internal), external: describe(sip.external) };
  const guessed = [sip.internal, sip.external].some((b) => !b.sipIp || !b.rtpIp);
  if (guessed && hostAddresses.length > 1) {
    return {
      level: "warn",
      profiles,
      message:
        `SIP/RTP bind address not set and this host has ${hostAddresses.join(", ")}: ` +
        "FreeSWITCH binds the one its default route uses; set CALLBOARD_SIP_IP (or CALLBOARD_INTERNAL_SIP_IP / CALLBOARD_EXTERNAL_SIP_IP, CALLBOARD_RTP_IP) to choose",
    };
  }
  return { level: "info", profiles, message: "sofia.conf bind addresses" };
}
