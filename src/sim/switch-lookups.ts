/**
 * The three questions the simulated switch asks xml_curl, each as a
 * FreeSWITCH request body and each answer read as FreeSWITCH reads it.
 */
import type { Channel } from "./channel.ts";
import type { Header } from "./frames.ts";
import type { PbxModel } from "./pbx-model.ts";
import { dialplanActions, directoryUser, type DialplanAction, type DirectoryUser, type HuntFields } from "./xml-answers.ts";
import type { SwitchXml } from "./xmlcurl-client.ts";
import { dialplanRequest, registerAuthRequest, userCallRequest, type RegisterAuth } from "./xmlcurl-requests.ts";

/** The caller profile fields mod_dialplan_xml lets a condition test. */
function huntFields(leg: Channel): HuntFields {
  const p = leg.profile;
  return {
    destination_number: p.destinationNumber,
    caller_id_name: p.callerIdName,
    caller_id_number: p.callerIdNumber,
    ani: p.ani,
    network_addr: p.networkAddr,
    context: p.context,
    username: p.username,
    dialplan: p.dialplan,
    source: p.source,
    uuid: leg.uuid,
    chan_name: leg.name,
  };
}

export class SwitchLookups {
  constructor(
    private readonly model: PbxModel,
    /** The tracked xml_curl question, for modules that read their own configuration (mod_callcenter). */
    readonly ask: SwitchXml,
  ) {}

  /** Where the leg goes in its current context; undefined is FreeSWITCH's "no route". */
  async dialplan(leg: Channel): Promise<DialplanAction[] | undefined> {
    const context = leg.profile.context;
    const xml = await this.ask(dialplanRequest(this.model.identity, this.model.stamp(), leg));
    return xml === undefined ? undefined : dialplanActions(xml, context, huntFields(leg));
  }

  /** A REGISTER's digest lookup: the user, if the directory knows them. */
  async registerAuth(auth: RegisterAuth): Promise<DirectoryUser | undefined> {
    const xml = await this.ask(registerAuthRequest(this.model.identity, this.model.stamp(), auth));
    return xml === undefined ? undefined : directoryUser(xml, auth.domain, auth.user);
  }

  /** `user/N@domain`: the user and so their dial string. */
  async userCall(user: string, domain: string, vars: readonly Header[]): Promise<DirectoryUser | undefined> {
    const xml = await this.ask(userCallRequest(this.model.identity, this.model.stamp(), user, domain, vars));
    return xml === undefined ? undefined : directoryUser(xml, domain, user);
  }
}
