import type { Config } from "../config.ts";
import type { PbxModel } from "../db/pbx-model.ts";
import type { RouteDecision } from "../pbx/route-decision.ts";
import type { SofiaCache } from "./answer-configuration.ts";
import type { DialplanCache } from "./answer-dialplan.ts";
import type { DirectoryCache } from "./answer-directory.ts";
import { NOT_FOUND_XML } from "./render-not-found.ts";

/**
 * What the router sends back and logs. `targetKind`: where a dialplan answer
 * sends the call (`reject` when it refuses it), for the metrics; `outcome`
 * is the log line, which may lead with a menu key or time conditions.
 */
export type Answer = { xml: string; key: string; outcome: string; problems?: string[]; targetKind?: RouteTarget["kind"] };

export type AnswerContext = {
  config: Pick<Config, "domain" | "publicIp" | "sip" | "srtp" | "recordingsDir" | "soundsDir" | "ringTimeout" | "timeZone" | "voicemail">;
  /** The PBX as of the last committed write. */
  model: () => PbxModel;
  now: () => number;
  /** Where `user/N` should ring: the dial URIs of N's registered phones, as callboard mirrors them over ESL. */
  contacts: (user: string, now: number) => readonly string[];
  /** Answers kept between requests, each keyed by what it was made from. */
  cache: AnswerCache;
};

type RouteTarget = RouteDecision["target"];

export type AnswerCache = { directory: DirectoryCache; dialplan: DialplanCache; sofia: SofiaCache };

export const createAnswerCache = (): AnswerCache => ({
  directory: { users: new WeakMap(), emptyDomains: new Map() },
  dialplan: { generation: -1, answers: new Map() },
  sofia: { gateways: undefined, answers: new Map() },
});

export const clip = (s: string) => (s.length > 64 ? `${s.slice(0, 64)}…` : s);

/** "Not found": the constant document, rendered once. */
export const declined = (key: string, why: string): Answer => ({ xml: NOT_FOUND_XML, key, outcome: `not_found: ${why}` });
