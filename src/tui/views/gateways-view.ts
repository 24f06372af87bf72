import type { GatewayStatus } from "../api-types.ts";
import { formatClock, formatDuration } from "../format.ts";
import { orDash, type Tone, type ViewDef } from "./view-def.ts";

/** Registered, or a no-register trunk whose pings answer. */
export function gatewayIsUp(g: GatewayStatus): boolean {
  if (g.pingStatus === "DOWN") return false;
  return g.state === "REGED" || g.state === "NOREG";
}

const gatewayTone = (g: GatewayStatus): Tone => {
  if (gatewayIsUp(g)) return "up";
  if (g.state === "TRYING" || g.state === "REGISTER") return "warn";
  return "down";
};

export const gatewaysView: ViewDef<GatewayStatus> = {
  id: "gateways",
  hotkey: "4",
  aliases: ["gateways", "gateway", "gw", "gws"],
  key: (g) => g.name,
  defaultSort: { letter: "N", desc: false },
  columns: [
    { title: "NAME", sortLetter: "N", width: 12, grow: 1, priority: 1, text: (g) => g.name, sortValue: (g) => g.name },
    { title: "STATE", sortLetter: "S", width: 9, priority: 1, text: (g) => g.state, sortValue: (g) => g.state, tone: gatewayTone },
    { title: "PING", sortLetter: "P", width: 4, priority: 1, text: (g) => orDash(g.pingStatus), sortValue: (g) => g.pingStatus ?? "", tone: (g) => (g.pingStatus === "DOWN" ? "down" : g.pingStatus === "UP" ? "up" : undefined) },
    { title: "AGE", sortLetter: "A", width: 8, priority: 1, align: "right", text: (g, now) => formatDuration(now - g.since), sortValue: (g) => -g.since },
    { title: "LAST STATUS", sortLetter: "L", width: 20, grow: 2, priority: 1, text: (g) => orDash(g.lastStatus), sortValue: (g) => g.lastStatus ?? "" },
  ],
  searchText: (g) => [g.name, g.state, g.pingStatus, g.lastStatus, gatewayIsUp(g) ? "up" : "down"].filter(Boolean).join(" "),
  details: (g, now) => [
    ["gateway", g.name],
    ["state", g.state],
    ["up", gatewayIsUp(g) ? "yes" : "no"],
    ["ping", orDash(g.pingStatus)],
    ["last status", orDash(g.lastStatus)],
    ["since", `${formatClock(g.since)} (${formatDuration(now - g.since)} ago)`],
  ],
};
