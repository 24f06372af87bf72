/**
 * A leg in the dialplan: ask callboard where it goes, then run the actions
 * of the answer in order, as FreeSWITCH's XML dialplan does. `set`,
 * `set_profile_var`, `export`, `record_session`, `answer`, `sleep`,
 * `bridge`, `callcenter`, `ivr`, `transfer`, `voicemail`, `event` and
 * `hangup` act; any other application is noted in the leg's app log and
 * passed over.
 */
import { bridge } from "./bridge.ts";
import { scheduleKeys } from "./caller-keys.ts";
import type { Channel } from "./channel.ts";
import { continuesAfterFailure } from "./continue-on-fail.ts";
import { applicationEvent } from "./event-app.ts";
import { runIvr } from "./ivr-app.ts";
import type { FarEnd, SwitchCore } from "./switch-core.ts";
import { runVoicemail } from "./voicemail-app.ts";
import type { DialplanAction } from "./xml-answers.ts";

const PROFILE_FIELDS: Readonly<Record<string, "callerIdName" | "callerIdNumber" | "ani">> = {
  caller_id_name: "callerIdName",
  caller_id_number: "callerIdNumber",
  ani: "ani",
};

/** `name=value` as set and export read it; an empty value unsets. */
function assign(leg: Channel, data: string): void {
  const eq = data.indexOf("=");
  if (eq <= 0) return;
  const name = data.slice(0, eq);
  const value = data.slice(eq + 1);
  if (value === "") leg.variablesMap.delete(name);
  else leg.variablesMap.set(name, value);
}

function setProfileVar(leg: Channel, data: string): void {
  const eq = data.indexOf("=");
  const field = PROFILE_FIELDS[data.slice(0, eq)];
  if (eq > 0 && field) leg.profile[field] = data.slice(eq + 1);
}

/** Hunts the dialplan for the leg's current destination and context, then runs what callboard answered. */
export async function route(core: SwitchCore, leg: Channel, farEnd: FarEnd): Promise<void> {
  core.model.routing(leg.uuid);
  const actions = await core.lookups.dialplan(leg);
  if (!core.model.channel(leg.uuid)) return;
  if (!actions) return core.model.hangup(leg.uuid, "NO_ROUTE_DESTINATION");
  run(core, leg, actions, 0, farEnd, undefined);
}

/**
 * mod_dptools' `transfer <exten> [<dialplan> [<context>]]`: the leg takes
 * a new profile and hunts the dialplan again; the extension it was running
 * is left (FreeSWITCH's state machine leaves CS_EXECUTE). Always true: the
 * leg has left, transferred or hung up at Max-Forwards.
 */
function transfer(core: SwitchCore, leg: Channel, data: string, farEnd: FarEnd): boolean {
  const [exten = "", dialplan, context] = data.split(" ").filter(Boolean);
  if (core.model.transfer(leg.uuid, exten || "service", context ?? leg.profile.context, core.newUuid(), dialplan ?? leg.profile.dialplan)) void route(core, leg, farEnd);
  return true;
}

function answer(core: SwitchCore, leg: Channel, farEnd: FarEnd): void {
  if (leg.answerState !== "answered") core.model.answer(leg.uuid);
  scheduleKeys(core, leg, farEnd);
}

function run(core: SwitchCore, leg: Channel, actions: DialplanAction[], from: number, farEnd: FarEnd, recordPath: string | undefined): void {
  const { model } = core;
  const next = (i: number) => () => {
    if (model.channel(leg.uuid)) run(core, leg, actions, i + 1, farEnd, recordPath);
  };
  for (let i = from; i < actions.length; i++) {
    if (!model.channel(leg.uuid)) return;
    const { application, data } = actions[i]!;
    model.execute(leg.uuid, application, data);
    if (application === "set" || application === "export") assign(leg, data);
    else if (application === "set_profile_var") setProfileVar(leg, data);
    else if (application === "hangup") return model.hangup(leg.uuid, data || "NORMAL_CLEARING");
    else if (application === "record_session") {
      // media_bug_answer_req: an unanswered call starts writing when it is answered.
      if (leg.answerState === "answered") model.recordStart(leg.uuid, data);
      else recordPath = data;
    } else if (application === "answer") {
      answer(core, leg, farEnd);
      if (recordPath) model.recordStart(leg.uuid, recordPath);
      recordPath = undefined;
    } else if (application === "sleep") {
      return void core.clock.after(Number.parseInt(data, 10) || 0, next(i));
    } else if (application === "transfer") {
      return void transfer(core, leg, data, farEnd);
    } else if (application === "event") {
      model.fire(applicationEvent(model, leg, data));
    } else if (application === "ivr") {
      scheduleKeys(core, leg, farEnd);
      const runApp = (app: string, appData: string) => {
        model.execute(leg.uuid, app, appData);
        if (app === "transfer") return transfer(core, leg, appData, farEnd);
        if (app === "hangup") model.hangup(leg.uuid, appData || "NORMAL_CLEARING");
        return !model.channel(leg.uuid);
      };
      return void runIvr(core, leg, data, runApp, next(i));
    } else if (application === "voicemail") {
      scheduleKeys(core, leg, farEnd);
      return void runVoicemail({ core, state: core.voicemail }, leg, data, farEnd, next(i));
    } else if (application === "callcenter") {
      return core.joinQueue(leg, data, farEnd, next(i));
    } else if (application === "bridge") {
      return bridge(core, leg, data, {
        farEnd,
        ...(recordPath ? { recordPath } : {}),
        done: (result) => {
          if (result.bridged || !model.channel(leg.uuid)) return;
          if (continuesAfterFailure(result.cause, leg.variablesMap)) next(i)();
          else model.hangup(leg.uuid, result.cause);
        },
      });
    }
  }
  // The last action ran and nothing holds the call: FreeSWITCH hangs it up.
  if (model.channel(leg.uuid) && !leg.peer) model.hangup(leg.uuid, "NORMAL_CLEARING");
}
