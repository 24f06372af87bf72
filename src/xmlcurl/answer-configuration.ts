import type { PbxGateway } from "../db/pbx-model.ts";
import { clip, declined, type Answer, type AnswerContext } from "./answer.ts";
import type { XmlCurlRequest } from "./parse-request.ts";
import { renderCallcenter } from "./render-callcenter.ts";
import { renderIvrConf } from "./render-ivr.ts";
import { renderSofia } from "./render-sofia.ts";
import { renderVoicemailConf } from "./render-voicemail-conf.ts";
import type { Rendered } from "./render-directory.ts";

/**
 * sofia.conf answers for one gateway list (the model replaces the list when a
 * gateway changes), by the profile and gateway FreeSWITCH narrowed them to.
 */
export type SofiaCache = { gateways: readonly PbxGateway[] | undefined; answers: Map<string, Rendered> };

/** Narrowings kept per gateway list: every profile and gateway name, with room to spare. */
const MAX_SOFIA_ANSWERS = 256;

export function answerConfiguration(req: XmlCurlRequest, ctx: AnswerContext): Answer {
  const key = clip(req.keyValue);
  if (req.keyValue === "callcenter.conf") return callcenterConf(key, ctx);
  if (req.keyValue === "voicemail.conf") {
    const rendered = renderVoicemailConf(ctx.config.voicemail.messages);
    return { xml: rendered.xml, key, outcome: "voicemail.conf", problems: rendered.problems };
  }
  if (req.keyValue === "ivr.conf") return ivrConf(req, ctx, key);
  if (req.keyValue !== "sofia.conf") return declined(key, "configuration not served");
  const profile = req.field("profile") || undefined;
  const gateway = req.field("gateway") || undefined;
  const model = ctx.model();
  const rendered = sofiaConf(model.gateways, profile, gateway, ctx);
  const narrowed = [profile && `profile ${clip(profile)}`, gateway && `gateway ${clip(gateway)}`].filter(Boolean).join(", ");
  return {
    xml: rendered.xml,
    key,
    outcome: `sofia.conf${narrowed ? ` (${narrowed})` : ""}`,
    problems: [...model.gatewayProblems, ...rendered.problems],
  };
}

function sofiaConf(gateways: readonly PbxGateway[], profile: string | undefined, gateway: string | undefined, ctx: AnswerContext): Rendered {
  const cache = ctx.cache.sofia;
  if (cache.gateways !== gateways) {
    cache.gateways = gateways;
    cache.answers.clear();
  }
  const key = `${profile ?? ""}\n${gateway ?? ""}`;
  const cached = cache.answers.get(key);
  if (cached) return cached;
  const { config } = ctx;
  const rendered = renderSofia(gateways, {
    domain: config.domain,
    publicIp: config.publicIp,
    sip: config.sip,
    profile,
    gateway,
  });
  if (cache.answers.size < MAX_SOFIA_ANSWERS) cache.answers.set(key, rendered);
  return rendered;
}

/** Every queue, agent and tier, whichever queue (CC-Queue) mod_callcenter is loading: it picks its own out. */
function callcenterConf(key: string, ctx: AnswerContext): Answer {
  const model = ctx.model();
  const rendered = renderCallcenter(model.queues.values(), model.agents, { domain: ctx.config.domain, soundsDir: ctx.config.soundsDir });
  return { xml: rendered.xml, key, outcome: `callcenter.conf (${model.queues.size} queues, ${model.agents.length} agents)`, problems: rendered.problems };
}

/** The one menu the ivr application asked for by name (mod_dptools' Menu-Name); menus are few, so rendered each time. */
function ivrConf(req: XmlCurlRequest, ctx: AnswerContext, key: string): Answer {
  const name = req.field("Menu-Name");
  if (!name) return declined(key, "ivr.conf without Menu-Name");
  const menu = ctx.model().ivrMenus.get(name);
  const rendered = renderIvrConf(menu, ctx.config.soundsDir);
  const outcome = menu?.enabled ? `ivr.conf menu ${clip(name)}` : `not_found: ivr.conf menu ${clip(name)} is missing or disabled`;
  return { xml: rendered.xml, key, outcome, problems: rendered.problems };
}
