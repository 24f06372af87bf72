import { create } from "xmlbuilder2";
import { pinWeakness } from "../pbx/voicemail.ts";
import type { Answer } from "./answer.ts";
import type { XmlCurlRequest } from "./parse-request.ts";

/**
 * mod_voicemail's lookup before it takes a PIN typed on the phone
 * (`VM-Action=change-password`, the new PIN in `VM-User-Password`;
 * src/pbx/voicemail-phone-pin.ts): a PIN the REST API would refuse gets the
 * box's user with `<result success="false"/>`, and mod_voicemail plays
 * voicemail_change_pass_fail and asks again. Undefined lets the lookup go on
 * as any other; the PIN itself is never logged or echoed.
 */
export function refusePhonePin(req: XmlCurlRequest, user: string, domain: string, key: string): Answer | undefined {
  if (req.field("VM-Action") !== "change-password") return undefined;
  const weakness = pinWeakness(user, req.field("VM-User-Password") ?? "");
  if (!weakness) return undefined;
  const xml = create()
    .ele("document", { type: "freeswitch/xml" })
    .ele("section", { name: "directory" })
    .ele("domain", { name: domain })
    .ele("user", { id: user })
    .ele("result", { success: "false" })
    .doc()
    .end({ headless: true });
  return { xml, key, outcome: `voicemail PIN change refused: pin ${weakness}` };
}
