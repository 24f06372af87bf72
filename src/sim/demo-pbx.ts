/**
 * The PBX `callboard demo` configures in callboard through its own REST
 * API — operators, the provider gateway, the company's numbers and the
 * route out — and that the call-centre day then calls into. callboard's
 * answers to the simulator decide where each call goes.
 */
import { AGENT_NAMES } from "./caller-names.ts";

export const DEMO_DOMAIN = "call.example.uz";

export type DemoAgent = {
  number: string;
  name: string;
  password: string;
  outboundClass: "internal" | "national";
  record: boolean;
};

/** Ten operators; 1003's calls are recorded, 1010 may only call inside the company. */
export const DEMO_AGENTS: readonly DemoAgent[] = AGENT_NAMES.map((name, i) => ({
  number: String(1001 + i),
  // Uzbek Latin's oʻ and gʻ with the modifier letter: callboard refuses ASCII apostrophes in names.
  name: name.replaceAll("'", "ʻ"),
  password: `Demo-desk-${1001 + i}`,
  outboundClass: i === 9 ? "internal" : "national",
  record: i === 2,
}));

export const DEMO_GATEWAY = { name: "belluz", host: "bell.uz", username: "998785553322", password: "Demo-provider-pass-2024" };

/** An operator on leave: the extension stays, disabled, and the number that reached them is refused. */
export const ON_LEAVE = { number: "1011", name: "Bekzod Aliyev", password: "Demo-desk-1011", enabled: false };

type DemoDid = { number: string; target: string; record: boolean };

/** Two numbers reach an operator (calls to the first are recorded); the third still points at the one on leave. */
export const DEMO_DIDS: readonly DemoDid[] = [
  { number: "998785553322", target: "1001", record: true },
  { number: "998785553323", target: "1009", record: false },
  { number: "998712001100", target: ON_LEAVE.number, record: false },
];

/** Uzbek numbers leave through belluz for operators of class national. */
export const DEMO_ROUTE = { name: "uz-mobile", pattern: "^\\+?(998\\d{9})$", gateway: "belluz", class: "national" };

/** POSTs a JSON body to /api/v1<path> with an admin token. */
export type AdminPost = (path: string, body: unknown) => Promise<Response>;

/** Creates the demo's rows; returns what callboard refused, one line each. */
export async function seedDemoPbx(post: AdminPost): Promise<string[]> {
  const problems: string[] = [];
  const send = async (path: string, body: unknown) => {
    const res = await post(path, body);
    if (!res.ok) problems.push(`${path}: ${res.status} ${(await res.text()).slice(0, 160)}`);
  };
  for (const a of DEMO_AGENTS) {
    await send("/extensions", { number: a.number, name: a.name, password: a.password, outboundClass: a.outboundClass, record: a.record });
  }
  await send("/extensions", ON_LEAVE);
  await send("/gateways", DEMO_GATEWAY);
  for (const d of DEMO_DIDS) {
    await send("/dids", { number: d.number, gateway: DEMO_GATEWAY.name, destination: { type: "extension", target: d.target }, record: d.record });
  }
  await send("/outbound-routes", DEMO_ROUTE);
  return problems;
}
