import { callsView } from "./calls-view.ts";
import { cdrsView } from "./cdrs-view.ts";
import { didsView } from "./dids-view.ts";
import { channelsView } from "./channels-view.ts";
import { gatewaysView } from "./gateways-view.ts";
import { queuesView } from "./queues-view.ts";
import { regsView } from "./regs-view.ts";
import type { ViewDef, ViewId } from "./view-def.ts";

// Each entry is a ViewDef of its own row type; callers only mix a view with that view's rows.
export const VIEWS: Record<ViewId, ViewDef<any>> = {
  channels: channelsView,
  calls: callsView,
  regs: regsView,
  gateways: gatewaysView,
  cdrs: cdrsView,
  queues: queuesView,
  dids: didsView,
};

export const VIEW_ORDER: ViewId[] = ["channels", "calls", "regs", "gateways", "cdrs", "queues", "dids"];

export function viewByAlias(name: string): ViewId | undefined {
  const n = name.trim().toLowerCase();
  return VIEW_ORDER.find((id) => VIEWS[id].aliases.includes(n));
}

export function viewByHotkey(key: string): ViewId | undefined {
  return VIEW_ORDER.find((id) => VIEWS[id].hotkey === key);
}
