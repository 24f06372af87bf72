import type { Did } from "../api-types.ts";
import { orDash, type ViewDef } from "./view-def.ts";

const destination = (d: Did) => `${d.destination.type} ${d.destination.target}`;

/** The DIDs as configured; `enter` on one shows its trace now (see did-trace.tsx). */
export const didsView: ViewDef<Did> = {
  id: "dids",
  hotkey: "7",
  aliases: ["dids", "did"],
  key: (d) => d.number,
  defaultSort: { letter: "N", desc: false },
  columns: [
    { title: "NUMBER", sortLetter: "N", width: 13, priority: 1, text: (d) => d.number, sortValue: (d) => d.number },
    { title: "DESTINATION", sortLetter: "D", width: 20, grow: 1, priority: 1, text: destination, sortValue: destination },
    { title: "ON", sortLetter: "O", width: 3, priority: 1, text: (d) => (d.enabled ? "on" : "off"), sortValue: (d) => (d.enabled ? 0 : 1), tone: (d) => (d.enabled ? undefined : "dim") },
    { title: "GATEWAY", sortLetter: "G", width: 8, priority: 2, text: (d) => orDash(d.gateway), sortValue: (d) => d.gateway ?? "" },
    { title: "REC", sortLetter: "R", width: 3, priority: 3, text: (d) => (d.record ? "REC" : ""), sortValue: (d) => (d.record ? 1 : 0) },
    { title: "DESCRIPTION", sortLetter: "E", width: 12, grow: 2, priority: 3, text: (d) => orDash(d.description), sortValue: (d) => d.description ?? "" },
  ],
  searchText: (d) => [d.number, destination(d), d.gateway, d.description, d.enabled ? "on" : "off"].filter(Boolean).join(" "),
  details: (d) => [
    ["number", d.number],
    ["destination", destination(d)],
    ["enabled", d.enabled ? "yes" : "no"],
    ["gateway", orDash(d.gateway)],
    ["record", d.record ? "yes" : "no"],
    ["description", orDash(d.description)],
  ],
};
