/**
 * The PBX the xml_curl benches answer for (the issue's: 100 000 extensions,
 * 10 000 DIDs, 200 outbound routes, 50 gateways) and the bodies FreeSWITCH
 * would POST about it, edited from captured ones. Shared by the orchestrator
 * and the server process, which may run an older callboard's code.
 */
import { postedBody } from "../../src/xmlcurl/posted-fields.ts";
import { editBody, fixtureBody } from "../../test/support/xmlcurl-bodies.ts";

export const DOMAIN = "call.example.uz";
export const PASSWORD = "Bench-pass-123";
export type Population = { extensions: number; dids: number; routes: number; gateways: number };
export const ISSUE_POPULATION: Population = { extensions: 100_000, dids: 10_000, routes: 200, gateways: 50 };

export const extensionNumber = (i: number) => String(100000 + i);
export const didNumber = (i: number) => `99871${String(i).padStart(7, "0")}`;

/** Tables as plain rows; the server inserts them with its own callboard's schema. */
export function populationRows(p: Population, a1Hash: string, seal: (plain: string) => string) {
  const extensions = Array.from({ length: p.extensions }, (_, i) => ({ number: extensionNumber(i), name: `Operator ${i}`, a1Hash, realm: DOMAIN }));
  const dids = Array.from({ length: Math.min(p.dids, p.extensions) }, (_, i) => ({
    number: didNumber(i),
    destinationType: "extension" as const,
    destinationTarget: extensionNumber(i),
  }));
  const gateways = Array.from({ length: p.gateways }, (_, i) => ({
    name: i === 0 ? "belluz" : `gw${String(i).padStart(2, "0")}`,
    host: `sip${i}.provider.uz`,
    username: `99878555${String(i).padStart(4, "0")}`,
    passwordEnc: seal(`Provider-Secret-${i}`),
  }));
  // The route that matches mobiles comes last: every outbound call tries all the others first.
  const routes = (gatewayId: number) => [
    ...Array.from({ length: p.routes - 1 }, (_, i) => ({ name: `r${i}`, pattern: `^(7${String(i).padStart(3, "0")}\\d{6})$`, gatewayId, priority: i })),
    { name: "uz-mobile", pattern: "^\\+?(998\\d{9})$", gatewayId, priority: 10_000 },
  ];
  return { extensions, dids, gateways, routes };
}

export type BenchCase = { name: string; label: string; bodies: string[] };

/**
 * 64 different users or numbers per case, spread over the population. The
 * bodies are what FreeSWITCH posts with freeswitch-conf's bindings (only the
 * fields callboard reads, src/xmlcurl/posted-fields.ts); `wholeEvents` keeps
 * every header of the captured events, as a binding without enable-post-var
 * sends them.
 */
export function benchCases(p: Population, options: { wholeEvents?: boolean } = {}): BenchCase[] {
  const cases = everyHeaderCases(p);
  return options.wholeEvents ? cases : cases.map((c) => ({ ...c, bodies: c.bodies.map(postedBody) }));
}

function everyHeaderCases(p: Population): BenchCase[] {
  const pick = (i: number) => (i * 7919) % p.extensions;
  const some = <T>(f: (i: number) => T) => Array.from({ length: 64 }, (_, i) => f(i));
  const register = fixtureBody("directory-sip_auth-REGISTER-1001");
  return [
    {
      name: "directory",
      label: "directory REGISTER",
      bodies: some((i) => editBody(register, { key_value: DOMAIN, domain: DOMAIN, sip_auth_realm: DOMAIN, user: extensionNumber(pick(i)), sip_auth_username: extensionNumber(pick(i)) })),
    },
    {
      name: "extension",
      label: "dialplan extension → extension",
      bodies: some((i) =>
        editBody(fixtureBody("dialplan-sofia-inbound-to-1002"), {
          variable_user_name: extensionNumber(pick(i)),
          "Caller-Destination-Number": extensionNumber(pick(i + 1)),
          "Hunt-Destination-Number": extensionNumber(pick(i + 1)),
        }),
      ),
    },
    {
      name: "did",
      label: "dialplan DID → extension",
      bodies: some((i) =>
        editBody(fixtureBody("dialplan-public-inbound-did-998785553322"), { "Caller-Destination-Number": didNumber(pick(i) % Math.min(p.dids, p.extensions)) }),
      ),
    },
    {
      name: "outbound",
      label: `dialplan outbound (${p.routes}th route)`,
      bodies: some((i) =>
        editBody(fixtureBody("dialplan-default-outbound-998901234567"), {
          variable_user_name: extensionNumber(pick(i)),
          "Caller-Destination-Number": `99890${String(1_000_000 + i * 7).padStart(7, "0")}`,
        }),
      ),
    },
    { name: "sofia", label: `sofia.conf, ${p.gateways} gateways`, bodies: [fixtureBody("configuration-sofia.conf-config_sofia")] },
    { name: "notfound", label: "not found (acl.conf)", bodies: [fixtureBody("configuration-acl.conf")] },
  ];
}
