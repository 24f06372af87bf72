/**
 * The api commands the simulator knows, answering with FreeSWITCH's reply
 * texts (from the captured frames where there is one). A handler returns
 * the reply body and, optionally, the state change to make once the reply
 * is on the wire (FreeSWITCH answers `uuid_kill` before the hangup events).
 */
import type { PbxModel } from "./pbx-model.ts";
import type { CallFlows } from "./scenarios.ts";
import {
  showCallsJson,
  showChannelsJson,
  showRegistrationsJson,
  sofiaStatus,
  sofiaStatusGateway,
  sofiaXmlstatusGateway,
  sofiaXmlstatusRegistrations,
  statusText,
} from "./api-formats.ts";
import { ORIGINATE_USAGE, originate, parseOriginate } from "./originate.ts";
import { callcenterConfig } from "./callcenter-api.ts";
import type { Callcenter } from "./callcenter.ts";
import { vmDelete, vmList, type VoicemailState } from "./voicemail-state.ts";

export type ApiOutcome = { body: string; afterReply?: () => void };

export type CommandDeps = {
  model: PbxModel;
  flows: CallFlows;
  /** bgapi's Job-UUID when the client names none. */
  newUuid: () => string;
  /** `sofia profile external register <gw>`: the simulator decides how the attempt ends. */
  registerGateway: (name: string) => void;
  callcenter: Callcenter;
  voicemail: VoicemailState;
};

type Handler = (deps: CommandDeps, arg: string | undefined) => ApiOutcome | Promise<ApiOutcome>;

const NO_SUCH_CHANNEL = "-ERR No such channel!\n";

const words = (arg: string | undefined): string[] => (arg ?? "").trim().split(/\s+/).filter(Boolean);
const reply = (body: string, afterReply?: () => void): ApiOutcome => (afterReply ? { body, afterReply } : { body });

function show({ model }: CommandDeps, arg: string | undefined): ApiOutcome {
  const [what = "", as, format] = words(arg);
  const json = as === "as" && format === "json";
  const id = model.identity;
  if (!json) return reply(`-USAGE: ${what} [as json]\n`);
  if (what === "channels") return reply(showChannelsJson(model.channels.values(), id));
  if (what === "calls") return reply(showCallsJson(model.channels, id));
  if (what === "registrations") return reply(showRegistrationsJson(model.registrations.values(), id.switchname));
  return reply("-USAGE: codec|endpoint|application|api|dialplan|file|timer|calls [count]|channels [count|like <match string>]|calls|detailed_calls|bridged_calls|detailed_bridged_calls|aliases|complete|chat|management|modules|nat_map|say|interfaces|interface_types|tasks|limits|status\n");
}

function sofia(deps: CommandDeps, arg: string | undefined): ApiOutcome {
  const { model } = deps;
  const w = words(arg);
  const now = model.options.clock.now();
  const inUse = { internal: 0, external: 0 };
  for (const ch of model.channels.values()) inUse[ch.name.startsWith("sofia/external/") ? "external" : "internal"]++;
  if (w.length === 1 && w[0] === "status") return reply(sofiaStatus(model.gateways.values(), inUse));
  if ((w[0] === "status" || w[0] === "xmlstatus") && w[1] === "gateway" && w[2]) {
    const gw = model.gateways.get(w[2]);
    if (!gw) return reply("Invalid Gateway!\n");
    return reply(w[0] === "status" ? sofiaStatusGateway(gw, now) : sofiaXmlstatusGateway(gw, now));
  }
  if (w[0] === "xmlstatus" && w[1] === "profile" && w[2] === "internal" && w[3] === "reg") {
    return reply(sofiaXmlstatusRegistrations(model.registrations.values(), now, model.identity));
  }
  if (w[0] === "profile" && (w[1] === "external" || w[1] === "internal")) {
    const [, , action, name] = w;
    if (action === "rescan") return reply("+OK scan complete\n");
    if ((action === "killgw" || action === "register") && name) {
      if (!model.gateways.has(name)) return reply(`-ERR Gateway ${name} does not exist\n`);
      if (action === "killgw") return reply("+OK gateway marked for deletion.\n", () => model.gateways.delete(name));
      return reply("+OK\n", () => deps.registerGateway(name));
    }
  }
  return reply("-ERR Usage: sofia status|xmlstatus|profile <name> [rescan|register|killgw] …\n");
}

function uuidKill({ model }: CommandDeps, arg: string | undefined): ApiOutcome {
  const [uuid, cause = "NORMAL_CLEARING"] = words(arg);
  if (!uuid) return reply("-USAGE: <uuid> [cause]\n");
  if (!model.channel(uuid)) return reply(NO_SUCH_CHANNEL);
  return reply("+OK\n", () => model.hangup(uuid, cause));
}

function uuidTransfer({ model, flows }: CommandDeps, arg: string | undefined): ApiOutcome {
  const w = words(arg);
  const [uuid] = w;
  const leg = w[1] === "-bleg" || w[1] === "-both" ? w[1] : undefined;
  const [dest, dialplan = "XML", context = "default"] = w.slice(leg ? 2 : 1);
  if (!uuid || !dest) return reply("-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n");
  const ch = model.channel(uuid);
  if (!ch) return reply(NO_SUCH_CHANNEL);
  const target = leg === "-bleg" ? ch.peer : uuid;
  if (!target || dialplan !== "XML") return reply("-ERR Transfer failed\n");
  return reply("+OK\n", () => flows.transfer(target, dest, context));
}

function uuidRecord({ model }: CommandDeps, arg: string | undefined): ApiOutcome {
  const [uuid, action, path] = words(arg);
  if (!uuid || !action || !path || !["start", "stop", "mask", "unmask"].includes(action)) {
    return reply("-USAGE: <uuid> [start|stop|mask|unmask] <path> [<limit>] [<recording_vars>]\n");
  }
  const ch = model.channel(uuid);
  if (!ch) return reply("-ERR Cannot locate session!\n");
  if (action === "start") return reply("+OK Success\n", () => model.recordStart(uuid, path));
  if (action === "stop") {
    // FreeSWITCH's media-bug removal reports failure when it removed nothing, "all" included.
    const removes = path === "all" ? ch.recordings.length > 0 : ch.recordings.includes(path);
    if (!removes) return reply("-ERR Cannot stop record session!\n");
    return reply("+OK Success\n", () => {
      for (const p of path === "all" ? [...ch.recordings] : [path]) model.recordStop(uuid, p);
    });
  }
  return reply("+OK Success\n");
}

function uuidHold({ model }: CommandDeps, arg: string | undefined): ApiOutcome {
  const w = words(arg);
  const mode = w[0] === "off" || w[0] === "toggle" ? w[0] : undefined;
  const uuid = mode ? w[1] : w[0];
  if (!uuid) return reply("-USAGE: [off|toggle] <uuid> [<display>]\n");
  const ch = model.channel(uuid);
  if (!ch || ch.answerState !== "answered") return reply("-ERR Operation failed\n");
  const on = mode === "toggle" ? !ch.held : mode !== "off";
  return reply("+OK Success\n", () => model.hold(uuid, on));
}

function hupall({ model }: CommandDeps, arg: string | undefined): ApiOutcome {
  const cause = words(arg)[0] ?? "MANAGER_REQUEST";
  return reply(`+OK hangup all channels with cause ${cause}\n`, () => {
    for (const uuid of [...model.channels.keys()]) model.hangup(uuid, cause);
  });
}

async function originateCommand(deps: CommandDeps, arg: string | undefined): Promise<ApiOutcome> {
  const request = parseOriginate(arg);
  if (!request) return reply(ORIGINATE_USAGE);
  return reply(await originate(deps, request));
}

function status({ model }: CommandDeps): ApiOutcome {
  const uptime = (model.options.clock.now() - model.startedMs) * 1000;
  return reply(statusText(uptime, { since: model.sessionsSinceStartup, now: model.channels.size, peak: model.peakSessions }, model.identity.release));
}

/** mod_commands' `reload <module>`: mod_callcenter reads callcenter.conf again, mod_voicemail voicemail.conf. */
async function reload({ callcenter, voicemail }: CommandDeps, arg: string | undefined): Promise<ApiOutcome> {
  const [module] = words(arg);
  if (!module) return reply("-USAGE: [-f] <mod_name>\n");
  if (module === "mod_callcenter") await callcenter.state.loadModule();
  if (module === "mod_voicemail") await voicemail.loadModule();
  return reply("+OK Reloading XML\n+OK module unloaded\n+OK module loaded\n");
}

export const API_COMMANDS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ["status", status],
  ["show", show],
  ["sofia", sofia],
  ["uuid_kill", uuidKill],
  ["uuid_transfer", uuidTransfer],
  ["uuid_record", uuidRecord],
  ["uuid_hold", uuidHold],
  ["hupall", hupall],
  ["originate", originateCommand],
  ["reloadacl", () => reply("+OK acl reloaded\n")],
  ["reloadxml", () => reply("+OK [Success]\n")],
  // The simulator keeps no directory cache (every lookup asks callboard again): nothing to clear.
  ["xml_flush_cache", () => reply("+OK cleared 0 entries\n")],
  ["callcenter_config", async (deps, arg) => reply(await callcenterConfig(deps.callcenter, arg))],
  ["reload", reload],
  ["vm_list", async (deps, arg) => reply(await vmList(deps.voicemail, arg))],
  ["vm_delete", async (deps, arg) => reply(await vmDelete(deps.voicemail, arg))],
]);

/** Runs one api command line (`<cmd> <arg…>`), like switch_api_execute plus mod_event_socket's fallbacks. */
export async function runApi(deps: CommandDeps, command: string, arg: string | undefined): Promise<ApiOutcome> {
  const handler = API_COMMANDS.get(command);
  if (!handler) return reply(`-ERR ${command} Command not found!\n`);
  deps.model.apiEvent(command, arg);
  const outcome = await handler(deps, arg);
  return outcome.body === "" ? { ...outcome, body: "-ERR no reply\n" } : outcome;
}
