import type { Registration } from "../api-types.ts";
import { formatClock, formatDuration } from "../format.ts";
import type { ViewDef } from "./view-def.ts";

const address = (r: Registration) => (r.networkPort ? `${r.networkIp}:${r.networkPort}` : r.networkIp);

export const regsView: ViewDef<Registration> = {
  id: "regs",
  hotkey: "3",
  aliases: ["regs", "reg", "registrations", "registration"],
  key: (r) => r.id,
  defaultSort: { letter: "U", desc: false },
  columns: [
    { title: "USER", sortLetter: "U", width: 8, priority: 1, text: (r) => r.user, sortValue: (r) => r.user },
    { title: "ADDRESS", sortLetter: "A", width: 21, priority: 1, text: address, sortValue: address },
    { title: "AGENT", sortLetter: "G", width: 12, grow: 2, priority: 1, text: (r) => r.userAgent, sortValue: (r) => r.userAgent },
    {
      title: "EXPIRES",
      sortLetter: "E",
      width: 7,
      priority: 1,
      align: "right",
      text: (r, now) => formatDuration(r.expiresAt - now),
      sortValue: (r) => r.expiresAt,
      tone: (r, now) => (r.expiresAt - now < 30_000 ? "warn" : undefined),
    },
    { title: "REALM", sortLetter: "R", width: 14, grow: 1, priority: 2, text: (r) => r.realm, sortValue: (r) => r.realm },
    { title: "PROFILE", sortLetter: "P", width: 8, priority: 3, text: (r) => r.profile, sortValue: (r) => r.profile },
    { title: "CONTACT", sortLetter: "C", width: 20, grow: 2, priority: 4, text: (r) => r.contact, sortValue: (r) => r.contact },
  ],
  searchText: (r) => [r.id, r.user, r.realm, r.contact, address(r), r.userAgent, r.profile, r.transport].join(" "),
  details: (r, now) => [
    ["user", r.user],
    ["realm", r.realm],
    ["profile", r.profile],
    ["transport", r.transport],
    ["contact", r.contact],
    ["address", address(r)],
    ["user agent", r.userAgent],
    ["expires", `${formatClock(r.expiresAt)} (in ${formatDuration(r.expiresAt - now)})`],
  ],
};
