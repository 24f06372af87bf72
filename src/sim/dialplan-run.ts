/**
 * A leg in the dialplan: ask callboard where it goes, then run the actions
 * of the answer in order, as FreeSWITCH's XML dialplan does. `set`,
 * `set_profile_var`, `export`, `record_session`, `answer`, `bridge`,
 * `callcenter` and `hangup` act; any other application is noted in the leg's app log and passed over.
 */
import { bridge } from "./bridge.ts";
import type { Channel } from "./channel.ts";
import type { FarEnd, SwitchCore } from "./switch-core.ts";
import type { DialplanAction } from "./xml-answers.ts";

/*
 * A failed bridge hangs the caller up with the callee's cause, except for
 * NO_ANSWER (and with continue_on_fail=true), after which the next action
 * runs — mod_dptools' audio_bridge_function.
 */
const CONTINUES_AFTER = new Set(["NO_ANSWER", "NO_USER_RESPONSE"]);

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

function run(core: SwitchCore, leg: Channel, actions: DialplanAction[], from: number, farEnd: FarEnd, recordPath: string | undefined): void {
  const { model } = core;
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
      if (leg.answerState !== "answered") model.answer(leg.uuid);
      if (recordPath) model.recordStart(leg.uuid, recordPath);
      recordPath = undefined;
    } else if (application === "callcenter") {
      const next = i + 1;
      return core.joinQueue(leg, data, farEnd, () => run(core, leg, actions, next, farEnd, recordPath));
    } else if (application === "bridge") {
      const next = i + 1;
      return bridge(core, leg, data, {
        farEnd,
        ...(recordPath ? { recordPath } : {}),
        done: (result) => {
          if (result.bridged || !model.channel(leg.uuid)) return;
          const goOn = CONTINUES_AFTER.has(result.cause) || leg.variablesMap.get("continue_on_fail") === "true";
          if (goOn) run(core, leg, actions, next, farEnd, recordPath);
          else model.hangup(leg.uuid, result.cause);
        },
      });
    }
  }
  // The last action ran and nothing holds the call: FreeSWITCH hangs it up.
  if (model.channel(leg.uuid) && !leg.peer) model.hangup(leg.uuid, "NORMAL_CLEARING");
}
