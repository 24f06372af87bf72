import { contactTransport } from "../pbx/sip-transport.ts";
import { opt } from "./live-channel.ts";
import { shortVersion } from "./parse-status.ts";
import type { GatewayStatus, Registration, SwitchStatus } from "./live-types.ts";

type Headers = Readonly<Record<string, string>>;

/** `"" <sip:1001@127.0.0.1:5061;fs_nat=yes>` or `sofia/internal/sip:1001@…` → `sip:1001@127.0.0.1:5061`. */
export function contactUri(raw: string): string {
  const inner = /<([^>]*)>/.exec(raw)?.[1] ?? raw.replace(/^sofia\/[^/]+\//, "");
  return inner.split(";")[0]?.trim() ?? "";
}

/**
 * `"Name" <sip:1001@192.168.1.5:5060;fs_nat=yes;fs_path=sip%3A…>` or
 * `sofia/internal/sip:…` → the URI with its parameters, as sofia's own
 * sofia_glue_get_url_from_contact() reads a stored contact: the text inside
 * the first `<…>` (fs_path is URL-encoded, so it holds no `>`).
 */
export function contactDialUri(raw: string): string {
  const inner = /<([^>]*)>/.exec(raw)?.[1] ?? raw.replace(/^sofia\/[^/]+\//, "");
  return inner.trim();
}

/**
 * One binding per phone: a user may register several devices, and a phone
 * un-registers with a fresh Call-ID, so the key is user@realm plus the
 * contact URI (what FreeSWITCH itself matches an un-REGISTER on).
 */
export const registrationId = (user: string, realm: string, contact: string) => `${user}@${realm}/${contactUri(contact)}`;

/** sofia::register / unregister / expire carry the user under different names. */
export function registrationFromEvent(h: Headers, now: number): Registration {
  const user = h.username || h["from-user"] || h.user || h["to-user"] || "";
  const realm = h.realm || h["from-host"] || h.host || h["to-host"] || "";
  const contact = h.contact ?? "";
  const expires = Number(h.expires);
  return {
    id: registrationId(user, realm, contact),
    user,
    realm,
    contact: contactUri(contact),
    dialUri: contactDialUri(contact),
    networkIp: h["network-ip"] ?? "",
    networkPort: Number(h["network-port"]) || 0,
    transport: contactTransport(contact),
    userAgent: h["user-agent"] ?? "",
    expiresAt: now + (Number.isFinite(expires) ? expires : 0) * 1000,
    profile: h["profile-name"] ?? "",
  };
}

export function gatewayFromEvent(h: Headers, prev: GatewayStatus | undefined, now: number): GatewayStatus {
  const state = h.State ?? prev?.state ?? "UNKNOWN";
  const status = h.Status ? [h.Status, h.Phrase].filter(Boolean).join(" ") : prev?.lastStatus;
  return {
    name: h.Gateway ?? prev?.name ?? "",
    state,
    ...opt("pingStatus", h["Ping-Status"] ?? prev?.pingStatus),
    ...opt("lastStatus", status),
    since: prev && prev.state === state ? prev.since : now,
  };
}

export function statusFromHeartbeat(h: Headers, prev: SwitchStatus, now: number): SwitchStatus {
  const uptime = Number(h["Uptime-msec"]);
  const sessions = Number(h["Session-Count"]);
  return {
    ...prev,
    ...opt("version", shortVersion(h["FreeSWITCH-Version"]) ?? prev.version),
    ...opt("upSince", Number.isFinite(uptime) ? now - uptime : prev.upSince),
    ...opt("sessions", Number.isFinite(sessions) ? sessions : prev.sessions),
    lastHeartbeatAt: now,
  };
}
