import { voicemailOf } from "./ring-extension.ts";
import { reject, type ExtensionTarget, type Rejection, type RoutingLookup } from "./route-decision.ts";
import { EXTENSION_NUMBER, PHONE_NUMBER } from "./safe-values.ts";

/*
 * Context `transfer` serves callboard's own `uuid_transfer … XML transfer`
 * (POST /calls/{uuid}/transfer). The leg being moved may be a provider's leg of
 * a DID call or an extension's B leg: it has no authenticated caller, so
 * `default` would reject it, and `public` would read the extension as a DID.
 * Nothing else puts a leg here: sofia sends phones to `default` and providers
 * to `public`, the directory sets user_context=default, and no dialplan
 * callboard renders names this context. So it reaches enabled extensions only,
 * never a gateway: a leg that came from a provider must not be sent back out.
 */
export function routeTransfer(dest: string, rows: RoutingLookup): ExtensionTarget | Rejection {
  if (EXTENSION_NUMBER.test(dest)) {
    const ext = rows.extension(dest);
    if (ext?.enabled) return { kind: "extension", number: ext.number, record: ext.record, ...voicemailOf(ext) };
  }
  return reject("UNALLOCATED_NUMBER", `transfer target ${PHONE_NUMBER.test(dest) ? dest : "(not a number)"} is not an enabled extension`);
}
