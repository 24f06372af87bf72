/**
 * The dialplan's `event <Header=value>,<Header=value>…` (mod_dptools'
 * event_function): a CHANNEL_APPLICATION event renamed by an `Event-Name`
 * argument (callboard's feature codes name CUSTOM and
 * `Event-Subclass=callboard::feature`), carrying every argument as a header
 * and then the channel's data. The header order is what the event socket
 * sends: FreeSWITCH's copy of an event with a subclass puts Event-Subclass
 * first, then the core headers of the event as created (its Event-Name was
 * replaced, so the new one follows them), then the arguments.
 */
import { SITES } from "./calling-sites.ts";
import type { Channel } from "./channel.ts";
import { channelHeaders, coreHeaders } from "./event-headers.ts";
import type { Header, SimEvent } from "./frames.ts";
import type { PbxModel } from "./pbx-model.ts";

/** The arguments as event_function splits them: at `,`, each `name=value` trimmed of spaces; a part without `=` is dropped. */
export function eventArguments(data: string): Header[] {
  const out: Header[] = [];
  for (const part of data.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    out.push([part.slice(0, eq).trim(), part.slice(eq + 1).replace(/^ +/, "")]);
  }
  return out;
}

export function applicationEvent(model: PbxModel, leg: Channel, data: string): SimEvent {
  const args = eventArguments(data);
  const name = args.findLast(([k]) => k.toLowerCase() === "event-name")?.[1] ?? "CHANNEL_APPLICATION";
  const subclass = args.findLast(([k]) => k.toLowerCase() === "event-subclass")?.[1];
  const core = coreHeaders("CHANNEL_APPLICATION", model.identity, model.stamp(), SITES.eventApplication);
  const renamed = args.some(([k]) => k.toLowerCase() === "event-name");
  const headers: Header[] = [
    ...(subclass !== undefined ? [["Event-Subclass", subclass] as Header] : []),
    ...(renamed ? core.filter(([k]) => k !== "Event-Name") : core),
    ...args.filter(([k]) => k.toLowerCase() !== "event-subclass"),
    ...channelHeaders(leg, true),
  ];
  return { name, ...(subclass !== undefined ? { subclass } : {}), headers };
}
