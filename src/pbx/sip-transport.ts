/**
 * The transport a phone registered over, read from its contact as sofia_reg.c
 * reads it: `sips:` or `;transport=tls` is TLS, `;transport=tcp` TCP,
 * `ws`/`wss` the WebSocket ones, anything else UDP. Case-insensitive, as
 * sofia's switch_stristr is (MicroSIP writes `transport=TLS`).
 */
export type SipTransport = "udp" | "tcp" | "tls" | "ws" | "wss";

export function contactTransport(contact: string): SipTransport {
  const uri = /<([^>]*)>/.exec(contact)?.[1] ?? contact.replace(/^sofia\/[^/]+\//, "");
  if (/^\s*sips:/i.test(uri)) return "tls";
  const param = /;transport=(tls|tcp|wss|ws)(?=;|$)/i.exec(uri)?.[1]?.toLowerCase();
  return (param as SipTransport | undefined) ?? "udp";
}
