/**
 * `callboard demo`: a seeded, endless call-centre day on the simulator —
 * the demo PBX's operators register and drop off (now and then with a
 * stale password), customers call its DIDs (and a number nobody has) —
 * the support line's callers key their way through its menu to the
 * support queue or sales, callers nobody answers leave voicemail —
 * operators call mobiles and each other, calls are transferred and held,
 * and belluz flaps REGED ↔ FAIL_WAIT. Where each call goes, and which are
 * recorded, is callboard's answer to the simulator's lookups.
 */
import { CALLER_NAMES, MOBILE_PREFIXES } from "./caller-names.ts";
import { DEMO_AGENTS, DEMO_DIDS, DEMO_MENU } from "./demo-pbx.ts";
import type { EslSimulator } from "./index.ts";
import type { KeyPress } from "./switch-core.ts";

/** The support line: its menu sends 1 to the support queue, 2 to sales. */
const SUPPORT_LINE = DEMO_DIDS.find((d) => d.destination.type === "ivr" && d.destination.target === DEMO_MENU.name)!.number;

export type CallCentreDayOptions = {
  seed: number;
  /** 1 = real time; 10 = ten times faster. */
  speed?: number;
  /** Mean seconds (at speed 1) between two things happening. */
  meanGapSeconds?: number;
  /** No new calls while this many channels are up. */
  maxChannels?: number;
};

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const AGENTS = DEMO_AGENTS.map((a) => a.number);
const PASSWORDS = new Map(DEMO_AGENTS.map((a) => [a.number, a.password]));
/** Customers mostly call the first DID and the support line; now and then someone dials a company number nobody has. */
const DIALLED = [DEMO_DIDS[0]!.number, SUPPORT_LINE, SUPPORT_LINE, ...DEMO_DIDS.map((d) => d.number), "998781234567"];

export function playCallCentreDay(sim: EslSimulator, options: CallCentreDayOptions): () => void {
  const random = seededRandom(options.seed);
  const speed = options.speed ?? 1;
  const clock = sim.clock;
  const model = sim.model;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (lowSeconds: number, highSeconds: number) => ((lowSeconds + random() * (highSeconds - lowSeconds)) * 1000) / speed;
  const mobile = () => `${pick(MOBILE_PREFIXES)}${String(Math.floor(random() * 10_000_000)).padStart(7, "0")}`;
  const registered = () => AGENTS.filter((a) => model.registrations.has(a));
  const bridgedALegs = () => [...model.channels.values()].filter((c) => c.peer && !c.originator);
  let stopped = false;
  let cancelNext = () => {};

  const phoneOf = (agent: string) => ({ userAgent: random() < 0.7 ? "MicroSIP/3.21.3" : "Zoiper rv2.10.20.4", ip: `10.0.0.${Number(agent) - 980}` });
  const registerAgent = (agent: string, password = PASSWORDS.get(agent)) => void sim.register(agent, { ...phoneOf(agent), ...(password ? { password } : {}) });
  /**
   * What a caller keys in the support line's menu, a second or more after it answers (the menu's own
   * timing, not the day's speed): mostly 1 (support), some 2 (sales), some a wrong key then 1, some nothing (the fallback queue).
   */
  const menuKeys = (): { dtmf?: readonly KeyPress[] } => {
    const roll = random();
    const afterMs = 1_000 + random() * 3_000;
    if (roll < 0.65) return { dtmf: [{ digits: "1", afterMs }] };
    if (roll < 0.85) return { dtmf: [{ digits: "2", afterMs }] };
    if (roll < 0.93) return { dtmf: [{ digits: "9", afterMs }, { digits: "1", afterMs: afterMs + 8_000 }] };
    return {};
  };

  const activities: [weight: number, placesCall: boolean, run: () => void][] = [
    [45, true, () => {
      const to = pick(DIALLED);
      sim.placeCall({
        from: mobile(),
        to,
        direction: "inbound",
        ...(random() < 0.75 ? { callerName: pick(CALLER_NAMES) } : {}),
        answerAfterMs: between(2, 14),
        // Also how long a caller nobody answered talks to voicemail (1001's and 1009's boxes).
        durationMs: between(20, 240),
        hangupBy: random() < 0.6 ? "caller" : "callee",
        ...(random() < 0.08 ? { reject: "NO_ANSWER" as const } : {}),
        ...(to === SUPPORT_LINE ? menuKeys() : {}),
      });
    }],
    [25, true, () => {
      const agents = registered();
      if (agents.length === 0) return;
      sim.placeCall({
        from: pick(agents),
        to: mobile(),
        direction: "outbound",
        answerAfterMs: between(3, 15),
        durationMs: between(15, 180),
        ...(random() < 0.1 ? { reject: "USER_BUSY" as const } : {}),
      });
    }],
    [10, true, () => {
      const agents = registered();
      if (agents.length < 2) return;
      const from = pick(agents);
      const to = pick(agents.filter((a) => a !== from));
      sim.placeCall({ from, to, direction: "internal", answerAfterMs: between(1, 6), durationMs: between(10, 90) });
    }],
    [5, false, () => {
      // A customer's leg moved on, as callboard's POST /calls/{uuid}/transfer does it: uuid_transfer … XML transfer.
      const calls = bridgedALegs().filter((c) => c.kind === "provider-in");
      if (calls.length === 0) return;
      sim.flows.transfer(pick(calls).uuid, pick(registered().length ? registered() : AGENTS), "transfer");
    }],
    [6, false, () => {
      const calls = bridgedALegs();
      if (calls.length > 0) {
        const call = pick(calls);
        model.hold(call.uuid, !call.held);
      }
    }],
    [6, false, () => {
      const missing = AGENTS.filter((a) => !model.registrations.has(a));
      if (missing.length > 0 && random() < 0.6) {
        const agent = pick(missing);
        registerAgent(agent, random() < 0.2 ? "a-stale-password" : undefined);
      } else if (registered().length > 4) {
        const agent = pick(registered());
        if (random() < 0.5) sim.unregister(agent);
        else sim.expire(agent);
      }
    }],
    [3, false, () => {
      const belluz = model.gateways.get("belluz");
      if (!belluz || belluz.state !== "REGED") return;
      sim.setProviderReachable("belluz", false);
      sim.registerGateway("belluz");
      clock.after(between(20, 90), () => {
        if (stopped) return;
        sim.setProviderReachable("belluz", true);
        sim.registerGateway("belluz");
      });
    }],
  ];
  const totalWeight = activities.reduce((sum, [weight]) => sum + weight, 0);

  const step = () => {
    if (stopped) return;
    let roll = random() * totalWeight;
    const [, placesCall, run] = activities.find(([weight]) => (roll -= weight) < 0) ?? activities[0]!;
    if (!placesCall || model.channels.size < (options.maxChannels ?? 40)) run();
    const gapMs = (-Math.log(1 - random()) * (options.meanGapSeconds ?? 4) * 1000) / speed;
    cancelNext = clock.after(gapMs, step);
  };

  for (const agent of AGENTS.slice(0, 8)) registerAgent(agent);
  cancelNext = clock.after(0, step);
  return () => {
    stopped = true;
    cancelNext();
  };
}
