/**
 * Writes what a phone asked for by feature code (`*78`, `*72…`). The
 * dialplan answer only fires a `callboard::feature` event
 * (src/xmlcurl/render-call-handling.ts); this listener, on callboard's event
 * socket, makes the change through the same repository and rules as
 * PATCH /api/v1/extensions/{number}, in one transaction with its audit entry
 * (actor `phone 1001`).
 *
 * The event is believed only for the phone that dialled: sofia's digest
 * authentication put `sip_authorized=true` and `user_name` on the channel,
 * and the extension the answer named must be that user. Only callboard's
 * dialplan and an authenticated ESL client can fire the event at all.
 */
import { FORWARD_TYPES, type CallHandling, type Forward } from "../../pbx/call-handling.ts";
import { ACTION_FIELD, FEATURE_ACTIONS, FEATURE_CODES, type FeatureAction } from "../../pbx/feature-codes.ts";
import { PHONE_NUMBER } from "../../pbx/safe-values.ts";
import { updateExtension } from "../../db/extensions.ts";
import { inTransaction } from "../../db/transaction.ts";
import { WriteRefused } from "../../db/write-refused.ts";
import type { AppDeps } from "../../http/deps.ts";
import { readKind } from "../../pbx-file/current-state.ts";
import { diffObject } from "../../pbx-file/diff-state.ts";
import { recordAudit } from "../audit/record-audit.ts";

type Deps = Pick<AppDeps, "db" | "esl" | "log" | "config" | "secrets" | "now">;

/** The change a feature action makes to the handling. */
function changeOf(action: FeatureAction, forward: Forward | undefined): Partial<CallHandling> | undefined {
  if (action === "dnd_on") return { dnd: true };
  if (action === "dnd_off") return { dnd: false };
  const field = ACTION_FIELD[action]!;
  if (action.endsWith("_off")) return { [field]: null };
  return forward ? { [field]: forward } : undefined;
}

function forwardOf(h: Readonly<Record<string, string>>): Forward | undefined {
  const type = h.callboard_forward_type;
  const target = h.callboard_forward_target;
  if (type === undefined || target === undefined) return undefined;
  if (!(FORWARD_TYPES as readonly string[]).includes(type) || !PHONE_NUMBER.test(target)) return undefined;
  return { type: type as Forward["type"], target };
}

/** Starts listening; returns the function that stops it. */
export function startFeatureCodeListener(deps: Deps): () => void {
  const realm = deps.config.domain;
  return deps.esl.onEvent((event) => {
    if (event.name !== "CUSTOM" || event.subclass !== "callboard::feature") return;
    const h = event.headers;
    const extension = h.callboard_extension ?? "";
    const action = h.callboard_feature as FeatureAction;
    const fields = { extension, action, uuid: h["Unique-ID"] };
    if (h.variable_sip_authorized !== "true" || h.variable_user_name !== extension) {
      deps.log.warn(fields, "feature code event not from the extension's own authenticated phone: ignored");
      return;
    }
    const change = FEATURE_ACTIONS.includes(action) ? changeOf(action, forwardOf(h)) : undefined;
    if (!change) {
      deps.log.warn(fields, "feature code event without a change callboard knows: ignored");
      return;
    }
    const code = FEATURE_CODES.find((f) => f.action === action)!.code;
    try {
      inTransaction(deps.db, (tx) => {
        const reader = { db: tx, realm };
        const [before] = readKind(reader, "extensions", extension);
        updateExtension(tx, extension, { callHandling: change }, realm, new Date((deps.now ?? Date.now)()));
        const [after] = readKind(reader, "extensions", extension);
        const diff = diffObject("extensions", before, after && { ...after, secret: { kind: "keep" } });
        if (diff) recordAudit(tx, { at: new Date((deps.now ?? Date.now)()), actor: `phone ${extension}`, action: `feature code ${code}`, changes: [diff] });
      });
      deps.log.info({ ...fields, change }, "feature code applied");
    } catch (err) {
      if (!(err instanceof WriteRefused)) throw err;
      deps.log.warn({ ...fields, reason: err.message }, "feature code refused: nothing stored");
    }
  });
}
