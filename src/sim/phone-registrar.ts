/**
 * A phone's REGISTER on profile internal, as sofia handles it: the digest
 * lookup goes to the directory (action=sip_auth), and the phone is
 * registered only if the directory knows the user and the credentials it
 * holds match what the phone answered the challenge with. Otherwise sofia
 * answers 403 and fires sofia::register_failure.
 */
import { createHash, randomUUID } from "node:crypto";
import type { PbxModel } from "./pbx-model.ts";
import type { Registration } from "./sofia-model.ts";
import type { SwitchLookups } from "./switch-lookups.ts";
import type { DirectoryUser } from "./xml-answers.ts";

export type PhoneOptions = {
  ip?: string;
  port?: number;
  userAgent?: string;
  expiresSeconds?: number;
  /** The name the registration shows when the directory gives none. */
  callerIdName?: string;
  /** The SIP password the phone is configured with; a phone without one knows whatever the directory holds. */
  password?: string;
};

const md5 = (text: string) => createHash("md5").update(text).digest("hex");

/** What sofia_reg_parse_auth checks: the a1-hash (or plain password) against the digest the phone sent. */
function credentialsMatch(found: DirectoryUser, user: string, realm: string, password: string | undefined): boolean {
  const a1 = found.params.get("a1-hash");
  const plain = found.params.get("password");
  const open = found.params.get("allow-empty-password") !== "false";
  if (a1 === undefined && plain === undefined) return open;
  if (password === undefined) return true;
  return a1 !== undefined ? a1 === md5(`${user}:${realm}:${password}`) : plain === password;
}

export type Registrar = { model: PbxModel; lookups: SwitchLookups; domain: string; newUuid: () => string; nowMs: () => number };

/** Resolves true once registered, false once refused (sofia::register_failure fired). */
export async function registerPhone(r: Registrar, user: string, o: PhoneOptions = {}): Promise<boolean> {
  const ip = o.ip ?? "127.0.0.1";
  const port = o.port ?? 5060 + (Number(user) % 1000);
  const userAgent = o.userAgent ?? "MicroSIP/3.21.3";
  const callId = `${r.newUuid().slice(0, 8)}@${ip}`;
  const nonce = randomUUID();
  const cnonce = randomUUID().slice(0, 8);
  const authUri = `sip:${r.domain}`;
  const ha1 = o.password === undefined ? randomUUID().replaceAll("-", "") : md5(`${user}:${r.domain}:${o.password}`);
  const response = md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${md5(`REGISTER:${authUri}`)}`);
  const found = await r.lookups.registerAuth({
    user, domain: r.domain, userAgent, nonce, authUri, contactHost: ip, callId, cnonce, nc: "00000001", response, ip, port,
  });
  if (!found || !credentialsMatch(found, user, r.domain, o.password)) {
    r.model.registerFailure(user, ip, port, userAgent);
    return false;
  }
  const expiresSeconds = o.expiresSeconds ?? 3600;
  const named = found.variables.find(([name]) => name === "effective_caller_id_name")?.[1];
  const registration: Registration = {
    user,
    realm: r.domain,
    callId,
    networkIp: ip,
    networkPort: port,
    userAgent,
    expiresAt: Math.floor(r.nowMs() / 1000) + expiresSeconds,
    expiresSeconds,
    callerIdName: named ?? o.callerIdName ?? `Ext ${user}`,
    directory: found.variables,
  };
  r.model.register(registration);
  return true;
}
