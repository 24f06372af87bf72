/**
 * Takes a voicemail PIN changed from the phone into callboard
 * (src/pbx/voicemail-phone-pin.ts): on mod_voicemail's `vm::maintenance`
 * change-password event it stores the new PIN's vm-a1-hash with its audit
 * entry in one transaction, makes FreeSWITCH forget the cached user (whose
 * vm-a1-hash is the old one), and blanks mod_voicemail's plaintext copy so
 * a PIN set over REST later is the only one that works. A PIN callboard
 * refuses is not stored, and its plaintext copy is blanked all the same:
 * the box keeps the PIN callboard holds.
 */
import { appendAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { inTransaction } from "../db/transaction.ts";
import { getVoicemailBox, setVoicemailBox } from "../db/voicemail-boxes.ts";
import type { Logger } from "../log.ts";
import { clearFreeswitchPinCommand, phonePinChange, VM_MAINTENANCE } from "../pbx/voicemail-phone-pin.ts";
import { flushFreeswitchUser } from "../xmlcurl/freeswitch-user-cache.ts";
import type { EslPort } from "./port.ts";

type Deps = { db: Db; esl: EslPort; log: Logger; domain: string; now?: () => number };

/** Starts listening; returns the function that stops it. */
export function startVoicemailPinListener(deps: Deps): () => void {
  return deps.esl.onEvent((event) => {
    if (event.name !== "CUSTOM" || event.subclass !== VM_MAINTENANCE) return;
    const decision = phonePinChange(event.headers, deps.domain);
    if (decision.kind === "ignore") return;
    const fields = { box: decision.box, actor: decision.actor, uuid: event.headers["Unique-ID"] };
    if (decision.kind === "store" && !store(deps, decision)) return;
    if (decision.kind === "refuse") deps.log.warn({ ...fields, reason: decision.reason }, "voicemail PIN changed from the phone refused: the box keeps its PIN");
    void forgetFreeswitchCopy(deps, decision.box);
  });
}

function store(deps: Deps, d: { box: string; pinHash: string; actor: string }): boolean {
  const at = new Date((deps.now ?? Date.now)());
  try {
    inTransaction(deps.db, (tx) => {
      const before = getVoicemailBox(tx, d.box);
      if (!before.enabled) throw new Error("the box is off");
      setVoicemailBox(tx, d.box, { pinHash: d.pinHash }, at);
      const change = { field: "voicemailPin", secret: true, note: "changed from the phone" };
      appendAudit(tx, {
        at,
        actor: d.actor,
        action: "voicemail menu: change PIN",
        summary: `changed extension ${d.box}: voicemailPin`,
        changes: JSON.stringify([{ op: "update", kind: "extensions", key: d.box, changes: [change] }]),
      });
    });
  } catch (err) {
    deps.log.warn({ box: d.box, actor: d.actor, reason: (err as Error).message }, "voicemail PIN changed from the phone not stored");
    return false;
  }
  deps.log.info({ box: d.box, actor: d.actor }, "voicemail PIN changed from the phone: stored as vm-a1-hash");
  return true;
}

async function forgetFreeswitchCopy(deps: Deps, box: string): Promise<void> {
  await flushFreeswitchUser(deps.esl, deps.log, deps.domain, box);
  const result = await deps.esl.api(clearFreeswitchPinCommand(box, deps.domain));
  if (!result.ok || !result.value.startsWith("-OK")) {
    deps.log.warn({ box, error: result.ok ? result.value.trim() : result.message }, "mod_voicemail still holds the PIN typed on the phone");
  }
}
