/**
 * The PBX `callboard demo` configures in callboard through its own REST
 * API — operators, the provider gateway, the support queue, the sales
 * ring group, the support line's menu, voicemail boxes, the company's
 * numbers and the route out — and that the call-centre day then calls
 * into. callboard's answers to the simulator decide where each call goes.
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

type DemoDid = { number: string; destination: { type: "extension" | "queue" | "ivr"; target: string }; record: boolean };

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

/** Sales: 1002 and 1003 ring at once; the operator sees which line the caller chose. */
export const DEMO_RING_GROUP = { name: "sales", members: ["1002", "1003"], strategy: "simultaneous", callerIdNamePrefix: "Sales - " };

/**
 * The support line's menu: 1 the support queue, 2 sales; a caller who keys
 * nothing useful twice waits in the support queue all the same.
 */
export const DEMO_MENU = {
  name: "main",
  greeting: "ivr/ivr-welcome_to_freeswitch.wav",
  options: [
    { digits: "1", destination: { type: "queue", target: DEMO_QUEUE.name } },
    { digits: "2", destination: { type: "ring_group", target: DEMO_RING_GROUP.name } },
  ],
  timeoutSeconds: 5,
  maxFailures: 2,
  fallback: { type: "queue", target: DEMO_QUEUE.name },
};

/** Boxes that take the calls 1001 and 1009 do not answer (1009 is the queue's fallback too). */
export const DEMO_VOICEMAIL = [
  { number: "1001", pin: "480215" },
  { number: "1009", pin: "739146" },
];

/** Two numbers reach an operator (calls to the first are recorded), one the support line's menu; the last still points at the one on leave. */
export const DEMO_DIDS: readonly DemoDid[] = [
  { number: "998785553322", destination: { type: "extension", target: "1001" }, record: true },
  { number: "998785553323", destination: { type: "extension", target: "1009" }, record: false },
  { number: "998785553311", destination: { type: "ivr", target: DEMO_MENU.name }, record: false },
  { number: "998712001100", destination: { type: "extension", target: ON_LEAVE.number }, record: false },
];

/** Uzbek numbers leave through belluz for operators of class national. */
export const DEMO_ROUTE = { name: "uz-mobile", pattern: "^\\+?(998\\d{9})$", gateway: "belluz", class: "national" };

/** Sends a JSON body to /api/v1<path> with an admin token: POST unless told otherwise. */
export type AdminPost = (path: string, body: unknown, method?: "POST" | "PUT") => Promise<Response>;

/** Creates the demo's rows; returns what callboard refused, one line each. */
export async function seedDemoPbx(post: AdminPost): Promise<string[]> {
  const problems: string[] = [];
  const send = async (path: string, body: unknown, method: "POST" | "PUT" = "POST") => {
    const res = await post(path, body, method);
    if (!res.ok) problems.push(`${path}: ${res.status} ${(await res.text()).slice(0, 160)}`);
  };
  for (const a of DEMO_AGENTS) {
    await send("/extensions", { number: a.number, name: a.name, password: a.password, outboundClass: a.outboundClass, record: a.record });
  }
  await send("/extensions", ON_LEAVE);
  await send("/gateways", DEMO_GATEWAY);
  for (const agent of DEMO_QUEUE_AGENTS) await send("/agents", agent);
  await send("/queues", DEMO_QUEUE);
  await send("/ring-groups", DEMO_RING_GROUP);
  await send("/ivr-menus", DEMO_MENU);
  for (const box of DEMO_VOICEMAIL) await send(`/extensions/${box.number}/voicemail`, { enabled: true, pin: box.pin }, "PUT");
  for (const d of DEMO_DIDS) {
    await send("/dids", { number: d.number, gateway: DEMO_GATEWAY.name, destination: d.destination, record: d.record });
  }
  await send("/outbound-routes", DEMO_ROUTE);
  return problems;
}
