/**
 * startEslSimulator: a FreeSWITCH stand-in on a real TCP port, with a
 * control API for tests and `callboard demo` that drives the same model the
 * api commands read.
 */
import { realClock, type SimClock } from "./clock.ts";
import { EslServer } from "./esl-server.ts";
import type { SwitchIdentity } from "./event-headers.ts";
import { freeswitchVersion, uptimeText } from "./api-formats.ts";
import type { Channel } from "./channel.ts";
import { SHUTDOWN_MESSAGE } from "./frames.ts";
import { PbxModel } from "./pbx-model.ts";
import { registerPhone, type PhoneOptions } from "./phone-registrar.ts";
import { CallFlows, type PlaceCallOptions, type PlacedCall } from "./scenarios.ts";
import type { Gateway, GatewayState } from "./sofia-model.ts";
import { Callcenter } from "./callcenter.ts";
import { DEFAULT_TIMING, type SwitchCore, type Timing } from "./switch-core.ts";
import { SwitchLookups } from "./switch-lookups.ts";
import { VoicemailState } from "./voicemail-state.ts";
import { staticXml, trackedLookups, xmlCurlLookup, type XmlCurlOptions } from "./xmlcurl-client.ts";

export type { PlaceCallOptions, PlacedCall } from "./scenarios.ts";
export type { PhoneOptions } from "./phone-registrar.ts";
export type { XmlCurlOptions } from "./xmlcurl-client.ts";
export { manualClock, realClock, type ManualClock, type SimClock } from "./clock.ts";
export { postJsonCdrs, type JsonCdrPoster, type JsonCdrPosterOptions } from "./json-cdr-poster.ts";

export type SimulatorOptions = {
  /** 0 (default) picks a free port. */
  port?: number;
  password: string;
  clock?: SimClock;
  identity?: Partial<SwitchIdentity>;
  /** The SIP domain phones register in: callboard's CALLBOARD_DOMAIN. */
  domain?: string;
  /**
   * callboard's /freeswitch/xml: every REGISTER, call, transfer and
   * originate asks it, as mod_xml_curl does. Without it the switch answers
   * from its own static XML: a vanilla-like directory and no dialplan.
   */
  xmlCurl?: XmlCurlOptions;
  timing?: Partial<Timing>;
  /** Seconds between HEARTBEAT events; 0 turns them off. FreeSWITCH's default is 20. */
  heartbeatSeconds?: number;
  /** Deterministic uuids for tests; random v4 otherwise. */
  newUuid?: () => string;
};

export type EslSimulator = {
  readonly port: number;
  readonly model: PbxModel;
  readonly flows: CallFlows;
  readonly clock: SimClock;
  /** Graceful: clients get "The system is being shut down." */
  close(): Promise<void>;
  /** Abrupt: sockets are destroyed, nothing is said. State and timers live on. */
  kill(): Promise<void>;
  /** Listens again on the same port after kill() or close(). */
  restart(): Promise<void>;
  /** Phone `user` sends REGISTER: registered (true) only if the directory lets it in. */
  register(user: string, options?: PhoneOptions): Promise<boolean>;
  unregister(user: string): boolean;
  expire(user: string): boolean;
  /** A REGISTER sofia refused without asking anyone (sofia::register_failure). */
  registerFailure(user: string, options?: PhoneOptions): void;
  placeCall(options: PlaceCallOptions): PlacedCall;
  answer(uuid: string): void;
  bridge(aUuid: string, bUuid: string): void;
  hangup(uuid: string, cause?: string): void;
  setGatewayState(name: string, state: GatewayState, failure?: { status: number; phrase: string }): boolean;
  /** How long a phone takes to pick up an originate; `Infinity` never answers. */
  setAnswerDelay(user: string, ms: number): void;
  /** Whether `sofia profile … register <gw>` reaches the provider. */
  setProviderReachable(name: string, reachable: boolean): void;
  /** What `sofia profile external register <gw>` does: TRYING, then REGED or FAILED → FAIL_WAIT. */
  registerGateway(name: string): void;
  /** Each leg's final state right after its CHANNEL_DESTROY: where mod_json_cdr would post its CDR. */
  onLegEnd(listener: (leg: Channel) => void): () => void;
  /** Resolves once no xml_curl lookup is waiting for its answer (tests on a manual clock step with it). */
  settled(): Promise<void>;
  /** Points xml_curl at callboard from now on, as a switch started before callboard is (the demo's order). */
  useXmlCurl(options: XmlCurlOptions): void;
};

export const BELLUZ: Omit<Gateway, "state" | "status" | "callsIn" | "callsOut" | "failedCallsIn" | "failedCallsOut"> = {
  name: "belluz",
  profile: "external",
  username: "belluz",
  proxy: "127.0.0.1:5090",
  localContact: "<sip:gw+belluz@127.0.0.1:5080;transport=udp;gw=belluz>",
  context: "public",
  expires: 3600,
  retrySeconds: 30,
};

const FIXTURE_IDENTITY: SwitchIdentity = {
  coreUuid: "",
  hostname: "vm",
  switchname: "fslab",
  ipv4: "192.0.2.2",
  ipv6: "fd00::2",
  utcOffsetMinutes: 0,
};

export async function startEslSimulator(options: SimulatorOptions): Promise<EslSimulator> {
  const clock = options.clock ?? realClock();
  const newUuid = options.newUuid ?? (() => crypto.randomUUID());
  const identity = { ...FIXTURE_IDENTITY, coreUuid: newUuid(), ...options.identity };
  const domain = options.domain ?? "127.0.0.1";
  const model = new PbxModel({ identity, clock, domain });
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  let lookup = options.xmlCurl ? xmlCurlLookup(options.xmlCurl) : staticXml();
  const xml = trackedLookups((body) => lookup(body));
  const lookups = new SwitchLookups(model, xml.ask);
  const answerDelays = new Map<string, number>();
  let sessionId = 1;
  const voicemail = new VoicemailState(model, xml.ask);
  const core: SwitchCore = {
    model,
    clock,
    timing,
    newUuid,
    domain,
    lookups,
    answerDelay: (user: string) => answerDelays.get(user),
    nextSessionId: () => sessionId++,
    joinQueue: (leg, queue, farEnd, goOn) => void callcenter.join(leg, queue, farEnd, goOn),
    voicemail,
  };
  const callcenter = new Callcenter(core);
  // mod_callcenter, then mod_voicemail (modules.conf's order), read their configuration as they load: when the switch starts asking callboard.
  const loadModules = () => void callcenter.state.loadModule().then(() => voicemail.loadModule());
  if (options.xmlCurl) loadModules();
  const flows = new CallFlows(core, BELLUZ.name);
  const unreachable = new Set<string>();
  model.addGateway({ ...BELLUZ, state: "REGED", status: "UP", upSinceMs: clock.now(), callsIn: 0, callsOut: 0, failedCallsIn: 0, failedCallsOut: 0 });

  const registerGateway = (name: string) => {
    model.setGatewayState(name, "TRYING");
    clock.after(timing.ringMs, () => {
      if (!unreachable.has(name)) return void model.setGatewayState(name, "REGED");
      model.setGatewayState(name, "FAILED", { status: 503, phrase: "Service Unavailable" });
      model.setGatewayState(name, "FAIL_WAIT");
    });
  };
  const deps = { model, flows, newUuid, registerGateway, callcenter, voicemail };
  const server = new EslServer({ password: options.password, deps });
  const port = await server.listen(options.port ?? 0);

  let stopHeartbeat = () => {};
  const heartbeatMs = (options.heartbeatSeconds ?? 20) * 1000;
  const beat = () => {
    const uptimeMs = clock.now() - model.startedMs;
    model.heartbeat([
      ["Event-Info", "System Ready"],
      ["Up-Time", uptimeText(uptimeMs * 1000)],
      ["FreeSWITCH-Version", freeswitchVersion(identity.release)],
      ["Uptime-msec", String(Math.floor(uptimeMs))],
      ["Session-Count", String(model.channels.size)],
      ["Max-Sessions", "100"],
      ["Session-Per-Sec", "30"],
      ["Session-Per-Sec-Last", "0"],
      ["Session-Per-Sec-Max", String(model.peakSessions)],
      ["Session-Per-Sec-FiveMin", String(model.peakSessions)],
      ["Session-Since-Startup", String(model.sessionsSinceStartup)],
      ["Session-Peak-Max", String(model.peakSessions)],
      ["Session-Peak-FiveMin", String(model.peakSessions)],
      ["Idle-CPU", "99.466667"],
    ]);
    stopHeartbeat = clock.after(heartbeatMs, beat);
  };
  if (heartbeatMs > 0) stopHeartbeat = clock.after(heartbeatMs, beat);

  const registrar = { model, lookups, domain, newUuid, nowMs: () => clock.now() };

  return {
    port,
    model,
    flows,
    clock,
    close: async () => {
      stopHeartbeat();
      await server.close(SHUTDOWN_MESSAGE);
    },
    kill: () => server.kill(),
    restart: async () => void (await server.listen(port)),
    register: (user, o) => registerPhone(registrar, user, o),
    unregister: (user) => model.unregister(user),
    expire: (user) => model.expire(user),
    registerFailure: (user, o = {}) => model.registerFailure(user, o.ip ?? "127.0.0.1", o.port ?? 5060, o.userAgent ?? "MicroSIP/3.21.3"),
    placeCall: (o) => flows.placeCall(o),
    answer: (uuid) => model.answer(uuid),
    bridge: (a, b) => model.bridge(a, b),
    hangup: (uuid, cause = "NORMAL_CLEARING") => model.hangup(uuid, cause),
    setGatewayState: (name, state, failure) => model.setGatewayState(name, state, failure),
    setAnswerDelay: (user, ms) => void answerDelays.set(user, ms),
    setProviderReachable: (name, reachable) => void (reachable ? unreachable.delete(name) : unreachable.add(name)),
    registerGateway,
    onLegEnd: (listener) => model.onLegEnd(listener),
    settled: () => xml.settled(),
    useXmlCurl: (o) => {
      lookup = xmlCurlLookup(o);
      loadModules();
    },
  };
}
