/**
 * What mod_voicemail keeps: the profiles of voicemail.conf (read when the
 * module loads, and again for a profile not loaded yet, as get_profile
 * does — both without parameters) and its voicemail_msgs table. Every
 * change to a box's inbox fires MESSAGE_WAITING and `vm::maintenance`
 * mwi-update as update_mwi does; the `vm_list` / `vm_delete` texts are
 * its api commands' (voicemail_list_api_function, voicemail_delete_api_function).
 */
import { SITES } from "./calling-sites.ts";
import { coreHeaders, customEvent } from "./event-headers.ts";
import type { PbxModel } from "./pbx-model.ts";
import { attr, children, configurationOf } from "./xml-answers.ts";
import type { SwitchXml } from "./xmlcurl-client.ts";
import { voicemailConfRequest } from "./xmlcurl-requests.ts";

export const VM_MAINTENANCE = "vm::maintenance";

export type VmProfile = {
  name: string;
  storageDir: string;
  fileExtension: string;
  minRecordSeconds: number;
  maxRecordSeconds: number;
  sendFullVmHeader: boolean;
};

/** A row of voicemail_msgs. */
export type VmMessage = {
  createdEpoch: number;
  readEpoch: number;
  username: string;
  domain: string;
  folder: string;
  path: string;
  uuid: string;
  cidName: string;
  cidNumber: string;
  seconds: number;
};

const seconds = (value: string | undefined, fallback: number) => (value !== undefined && /^\d+$/.test(value) ? Number(value) : fallback);
const TRUE = /^(yes|on|true|t|enabled|active|allow)$/i;

export function voicemailProfiles(xml: string): Map<string, VmProfile> {
  const conf = configurationOf(xml, "voicemail.conf");
  const out = new Map<string, VmProfile>();
  for (const p of conf ? children(conf, "profiles").flatMap((ps) => children(ps, "profile")) : []) {
    const params = new Map(children(p, "param").map((el) => [attr(el, "name"), attr(el, "value")] as const));
    const name = attr(p, "name");
    out.set(name, {
      name,
      storageDir: params.get("storage-dir") ?? "",
      fileExtension: params.get("file-extension") || "wav",
      minRecordSeconds: seconds(params.get("min-record-len"), 3),
      maxRecordSeconds: seconds(params.get("max-record-len"), 300),
      sendFullVmHeader: TRUE.test(params.get("send-full-vm-header") ?? ""),
    });
  }
  return out;
}

export class VoicemailState {
  readonly profiles = new Map<string, VmProfile>();
  readonly messages: VmMessage[] = [];

  constructor(
    private readonly model: PbxModel,
    private readonly ask: SwitchXml,
  ) {}

  /** load_config: every profile voicemail.conf names. */
  async loadModule(): Promise<void> {
    const xml = await this.ask(voicemailConfRequest(this.model.identity));
    this.profiles.clear();
    if (xml !== undefined) for (const [name, p] of voicemailProfiles(xml)) this.profiles.set(name, p);
  }

  /** get_profile: a profile not loaded is looked for in voicemail.conf again. */
  async profile(name: string): Promise<VmProfile | undefined> {
    const loaded = this.profiles.get(name);
    if (loaded) return loaded;
    const xml = await this.ask(voicemailConfRequest(this.model.identity));
    const found = xml === undefined ? undefined : voicemailProfiles(xml).get(name);
    if (found) this.profiles.set(name, found);
    return found;
  }

  add(profile: VmProfile, message: VmMessage): void {
    this.messages.push(message);
    this.updateMwi(profile, message.username, message.domain, message.folder, "NEW");
  }

  /** vm_delete: by uuid (whichever box holds it), or every message of the box. */
  remove(profile: VmProfile, id: string, domain: string, uuid: string | undefined): void {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (uuid !== undefined ? m.uuid === uuid : m.username === id && m.domain === domain) this.messages.splice(i, 1);
    }
    this.updateMwi(profile, id, domain, "inbox", "DELETE");
  }

  /** update_mwi: the box's counts in MESSAGE_WAITING, then vm::maintenance mwi-update. */
  private updateMwi(profile: VmProfile, id: string, domain: string, folder: string, reason: string): void {
    const box = this.messages.filter((m) => m.username === id && m.domain === domain && m.folder === folder);
    const fresh = box.filter((m) => m.readEpoch === 0).length;
    const saved = box.length - fresh;
    const model = this.model;
    model.fire({
      name: "MESSAGE_WAITING",
      headers: [
        ...coreHeaders("MESSAGE_WAITING", model.identity, model.stamp(), SITES.messageWaiting),
        ["MWI-Messages-Waiting", fresh > 0 ? "yes" : "no"],
        ["Update-Reason", reason],
        ["MWI-Message-Account", `${id}@${domain}`],
        ["MWI-Voice-Message", profile.sendFullVmHeader ? `${fresh}/${saved} (0/0)` : `${fresh}/${saved}`],
      ],
    });
    model.fire(
      customEvent(VM_MAINTENANCE, model.identity, model.stamp(), SITES.vmMwiUpdate, [
        ["VM-Action", "mwi-update"],
        ["VM-User", id],
        ["VM-Domain", domain],
        ["VM-Total-New", String(fresh)],
        ["VM-Total-Saved", String(saved)],
        ["VM-Total-New-Urgent", "0"],
        ["VM-Total-Saved-Urgent", "0"],
      ]),
    );
  }
}

/** `<id>@<domain>[/profile] …` as the vm_* api commands cut it: at `@`, then `/`, then the first space. */
export function vmAccount(cmd: string): { id: string; domain?: string; profile: string; rest?: string } {
  const at = cmd.indexOf("@");
  if (at < 0) return { id: cmd, profile: "default" };
  let domain = cmd.slice(at + 1);
  let profile = "default";
  let tail = domain;
  const slash = domain.indexOf("/");
  if (slash >= 0) {
    profile = domain.slice(slash + 1);
    domain = domain.slice(0, slash);
    tail = profile;
  }
  const space = tail.indexOf(" ");
  const rest = space >= 0 ? tail.slice(space + 1) : undefined;
  if (space >= 0) {
    if (slash >= 0) profile = tail.slice(0, space);
    else domain = tail.slice(0, space);
  }
  return { id: cmd.slice(0, at), domain, profile, ...(rest !== undefined ? { rest } : {}) };
}

const NO_PROFILE = "-ERR can't find user or profile.\n";

/** `vm_list <id>@<domain>[/profile] [xml]`: one line per message, ten fields joined by `:`, in table order. */
export async function vmList(state: VoicemailState, cmd: string | undefined): Promise<string> {
  if (!cmd) return "Usage: <id>@<domain>[/profile] [xml]\n";
  const { id, domain, profile: name, rest } = vmAccount(cmd);
  const profile = domain === undefined ? undefined : await state.profile(name);
  if (!profile) return NO_PROFILE;
  const space = rest?.indexOf(" ") ?? -1;
  const format = rest === undefined ? "text" : space >= 0 ? rest.slice(0, space) : rest;
  const uuid = rest !== undefined && space >= 0 ? rest.slice(space + 1) : undefined;
  const rows = state.messages.filter((m) => m.username === id && m.domain === domain && (uuid === undefined || m.uuid === uuid));
  const xml = format.toLowerCase() === "xml";
  const lines = rows.map((m) =>
    xml
      ? ` <message>\n  <created_epoch>${m.createdEpoch}</created_epoch>\n  <read_epoch>${m.readEpoch}</read_epoch>\n  <username>${m.username}</username>\n` +
        `  <domain>${m.domain}</domain>\n  <folder>${m.folder}</folder>\n  <path>${m.path}</path>\n  <uuid>${m.uuid}</uuid>\n` +
        `  <cid-name>${m.cidName}</cid-name>\n  <cid-number>${m.cidNumber}</cid-number>\n  <message-len>${m.seconds}</message-len>\n </message>\n`
      : `${m.createdEpoch}:${m.readEpoch}:${m.username}:${m.domain}:${m.folder}:${m.path}:${m.uuid}:${m.cidName}:${m.cidNumber}:${m.seconds}\n`,
  );
  return xml ? `<voicemail>\n${lines.join("")}</voicemail>\n` : lines.join("");
}

/** `vm_delete <id>@<domain>[/profile] [<uuid>]`: `+OK` whether or not anything was there, and the box's MWI updated. */
export async function vmDelete(state: VoicemailState, cmd: string | undefined): Promise<string> {
  if (!cmd) return "Usage: <id>@<domain>[/profile] [<uuid>]\n";
  const { id, domain, profile: name, rest } = vmAccount(cmd);
  const profile = domain === undefined ? undefined : await state.profile(name);
  if (!profile || domain === undefined) return NO_PROFILE;
  state.remove(profile, id, domain, rest);
  return "+OK\n";
}
