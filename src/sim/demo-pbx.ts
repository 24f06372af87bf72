/**
 * The PBX `callboard demo` configures in callboard through its own REST
 * API — operators, the provider gateway, the support queue, the company's
 * numbers and the route out — and that the call-centre day then calls into. callboard's
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

type DemoDid = { number: string; destination: { type: "extension" | "queue"; target: string }; record: boolean };

/**
 * The support line: operators 1004–1007 take its calls (longest idle first),
 * 1008 is on a break; a caller waits at most 90 s, then 1009 picks up.
 * Agents never go on a break by themselves (maxNoAnswer 0): nobody in the
 * demo would log them back in.
 */
export const DEMO_QUEUE = {
  name: "support",
  strategy: "longest-idle-agent",
  maxWaitSeconds: 90,
  agents: ["1004", "1005", "1006", "1007", "1008"].map((agent) => ({ agent })),
  fallback: { type: "extension", target: "1009" },
};
export const DEMO_QUEUE_AGENTS = DEMO_QUEUE.agents.map(({ agent }) => ({ extension: agent, status: agent === "1008" ? "On Break" : "Available", maxNoAnswer: 0 }));

/** Two numbers reach an operator (calls to the first are recorded), one the support queue; the last still points at the one on leave. */
export const DEMO_DIDS: readonly DemoDid[] = [
  { number: "998785553322", destination: { type: "extension", target: "1001" }, record: true },
  { number: "998785553323", destination: { type: "extension", target: "1009" }, record: false },
  { number: "998785553311", destination: { type: "queue", target: DEMO_QUEUE.name }, record: false },
  { number: "998712001100", destination: { type: "extension", target: ON_LEAVE.number }, record: false },
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
  for (const agent of DEMO_QUEUE_AGENTS) await send("/agents", agent);
  await send("/queues", DEMO_QUEUE);
  for (const d of DEMO_DIDS) {
    await send("/dids", { number: d.number, gateway: DEMO_GATEWAY.name, destination: d.destination, record: d.record });
  }
  await send("/outbound-routes", DEMO_ROUTE);
  return problems;
}
