import { contactTransport } from "../pbx/sip-transport.ts";
import { contactDialUri, contactUri, registrationId } from "./live-sofia.ts";
import type { Registration } from "./live-types.ts";
import { parseRows } from "./parse-show-channels.ts";

/**
 * `show registrations as json`. `expires` is an absolute Unix time (seconds)
 * there, unlike the relative seconds of a sofia::register event. The table
 * has no user agent; the resync keeps the one the register event gave.
 */
export function parseRegistrations(reply: string): Registration[] | undefined {
  const rows = parseRows(reply);
  if (!rows) return undefined;
  return rows.flatMap((row) => {
    const user = row.reg_user ?? "";
    const realm = row.realm ?? "";
    const url = row.url ?? "";
    if (!user) return [];
    return [
      {
        id: registrationId(user, realm, url),
        user,
        realm,
        contact: contactUri(url),
        dialUri: contactDialUri(url),
        networkIp: row.network_ip ?? "",
        networkPort: Number(row.network_port) || 0,
        transport: contactTransport(url),
        userAgent: "",
        expiresAt: (Number(row.expires) || 0) * 1000,
        profile: /^sofia\/([^/]+)\//.exec(url)?.[1] ?? "",
      },
    ];
  });
}
