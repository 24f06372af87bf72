/**
 * Takes a voicemail PIN changed from the phone into callboard
 * (src/pbx/voicemail-phone-pin.ts): on mod_voicemail's `vm::maintenance`
 * change-password event it stores the new PIN's vm-a1-hash with its audit
 * entry in one transaction, makes FreeSWITCH forget the cached user (whose
 * vm-a1-hash is the old one), and blanks mod_voicemail's plaintext copy so
 * a PIN set over REST later is the only one that works. A PIN callboard
 * refuses is not stored, and its plaintext copy is blanked all the same:
 * the box keeps the PIN callboard holds. On every connect it also sweeps the
 * boxes for a copy typed while it was not listening.
 */
import { appendAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { inTransaction } from "../db/transaction.ts";
import { enabledVoicemailBoxes, getVoicemailBox, setVoicemailBox } from "../db/voicemail-boxes.ts";
import type { Logger } from "../log.ts";
import { EXTENSION_NUMBER } from "../pbx/safe-values.ts";
import {
  clearFreeswitchPinCommand,
  freeswitchPinCommand,
  phonePinChange,
  UNHEARD_PHONE,
  VM_MAINTENANCE,
  type PhonePinDecision,
} from "../pbx/voicemail-phone-pin.ts";
import { flushFreeswitchUser } from "../xmlcurl/freeswitch-user-cache.ts";
import type { EslPort } from "./port.ts";

type Deps = { db: Db; esl: EslPort; log: Logger; domain: string; now?: () => number };

/** Starts listening, and sweeps the boxes on every connect; returns the function that stops both. */
export function startVoicemailPinListener(deps: Deps): () => void {
  const stopEvents = deps.esl.onEvent((event) => {
    if (event.name !== "CUSTOM" || event.subclass !== VM_MAINTENANCE) return;
    void take(deps, phonePinChange(event.headers, deps.domain), event.headers["Unique-ID"]).catch((err) =>
      deps.log.error({ err }, "voicemail PIN changed from the phone not taken in"),
    );
  });
  const stopStatus = deps.esl.onStatus((status) => {
    if (status === "connected") void sweep(deps).catch((err) => deps.log.error({ err }, "voicemail PIN sweep failed"));
  });
  return () => {
    stopEvents();
    stopStatus();
  };
}

/** `read` is the box's hash when mod_voicemail's copy was asked for: the copy is not stored over a newer PIN. */
async function take(deps: Deps, decision: PhonePinDecision, uuid?: string, read?: { pinHash: string | null }): Promise<void> {
  if (decision.kind === "ignore") return;
  // Stored or not, the plaintext copy goes: a box that is off, or a write that failed, must not keep the phone's PIN.
  if (decision.kind === "store") store(deps, decision, read);
  else {
    deps.log.warn({ box: decision.box, actor: decision.actor, uuid, reason: decision.reason }, "voicemail PIN changed from the phone refused: the box keeps its PIN");
  }
  await forgetFreeswitchCopy(deps, decision.box);
}

/**
 * A PIN typed on a phone while callboard did not hear the event (it was
 * down mid-call) is still in mod_voicemail's table, where it would open the
 * box beside callboard's hash: on every connect each enabled box's copy is
 * read (`vm_prefs`), taken in as the event would have been, and blanked.
 */
async function sweep(deps: Deps): Promise<void> {
  let boxes: string[];
  try {
    boxes = enabledVoicemailBoxes(deps.db);
  } catch (err) {
    deps.log.warn({ err }, "voicemail boxes not swept for PINs typed on a phone: the database could not be read");
    return;
  }
  for (const box of boxes) {
    // The schema does not check numbers: a row written behind the API's back must not end the sweep for the others.
    if (!EXTENSION_NUMBER.test(box)) {
      deps.log.warn({ box }, "voicemail box not swept for a PIN typed on a phone: its number is unsafe for a command");
      continue;
    }
    // Read before asking: a PIN set over REST or the phone while the copy is on its way must win over the copy.
    const read = { pinHash: getVoicemailBox(deps.db, box).pinHash };
    const copy = await deps.esl.api(freeswitchPinCommand(box, deps.domain));
    // `-ERR no reply` is an empty copy; a refused command or a lost link ends nothing here but this sweep's box.
    if (!copy.ok || copy.value.trim() === "") continue;
    const headers = { "VM-Action": "change-password", "VM-User": box, "VM-Domain": deps.domain, "VM-User-Password": copy.value.trim() };
    await take(deps, phonePinChange(headers, deps.domain, UNHEARD_PHONE), undefined, read);
  }
}

function store(deps: Deps, d: { box: string; pinHash: string; actor: string }, read?: { pinHash: string | null }): boolean {
  const at = new Date((deps.now ?? Date.now)());
  try {
    inTransaction(deps.db, (tx) => {
      const before = getVoicemailBox(tx, d.box);
      if (!before.enabled) throw new Error("the box is off");
      if (read !== undefined && before.pinHash !== read.pinHash) throw new Error("the box's PIN changed since mod_voicemail's copy was read");
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
