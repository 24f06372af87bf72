import { describe, expect, test } from "bun:test";
import { diffObject, diffState, planFingerprint } from "./diff-state.ts";
import type { CurrentState, DesiredObject, DesiredState } from "./state.ts";

function state(parts: Partial<DesiredState>): DesiredState;
function state(parts: Partial<CurrentState>): CurrentState;
function state(parts: object) {
  return { extensions: [], gateways: [], dids: [], outboundRoutes: [], ringGroups: [], timeConditions: [], agents: [], queues: [], ivrMenus: [], ...parts };
}
const nothingStored: CurrentState = { extensions: [], gateways: [], dids: [], outboundRoutes: [], ringGroups: [], timeConditions: [], agents: [], queues: [], ivrMenus: [] };
const ext = (key: string, name: string, extra: Record<string, unknown> = {}): { key: string; fields: Record<string, unknown> } => ({
  key,
  fields: { name, callerIdName: null, callerIdNumber: null, outboundClass: "national", record: false, maxRegistrations: 3, enabled: true, ...extra },
});
const want = (o: ReturnType<typeof ext>, path: string, secret: DesiredObject["secret"] = { kind: "keep" }): DesiredObject => ({ ...o, path, secret });

describe("diffing a desired state against the current one", () => {
  test("only differing fields are changes, old and new", () => {
    const current: CurrentState = state({ extensions: [{ ...ext("1001", "Op 1"), secret: "h1" }] });
    const desired: DesiredState = state({ extensions: [want(ext("1001", "Op One", { record: true }), "extensions[0]")] });
    expect(diffState(desired, current, { prune: false }).plan.changes).toEqual([
      {
        op: "update",
        kind: "extensions",
        key: "1001",
        changes: [
          { field: "name", from: "Op 1", to: "Op One" },
          { field: "record", from: false, to: true },
        ],
      },
    ]);
  });

  test("a credential is compared but never carried into the plan", () => {
    const before = { ...ext("1001", "Op"), secret: "a".repeat(32) };
    const same = diffObject("extensions", before, want(ext("1001", "Op"), "x", { kind: "set", value: "a".repeat(32), source: "from the file" }));
    expect(same).toBeUndefined();
    const changed = diffObject("extensions", before, want(ext("1001", "Op"), "x", { kind: "set", value: "b".repeat(32), source: "from the file" }));
    expect(changed).toEqual({ op: "update", kind: "extensions", key: "1001", changes: [{ field: "a1Hash", secret: true, note: "from the file" }] });
    expect(JSON.stringify(changed)).not.toContain("b".repeat(32));
    expect(diffObject("extensions", before, want(ext("1001", "Op"), "x"))).toBeUndefined();
  });

  test("prune deletes what refers before what is referred to; without it they are listed as absent", () => {
    const current: CurrentState = state({
      extensions: [ext("1001", "a"), ext("1002", "b")],
      gateways: [{ key: "gw", fields: {} }],
      dids: [{ key: "998785553322", fields: {} }],
      outboundRoutes: [{ key: "r", fields: {} }],
    });
    const desired: DesiredState = state({ extensions: [want(ext("1001", "a"), "extensions[0]")] });
    expect(diffState(desired, current, { prune: true }).plan.changes.map((c) => `${c.op} ${c.kind} ${c.key}`)).toEqual([
      "delete outboundRoutes r",
      "delete dids 998785553322",
      "delete extensions 1002",
      "delete gateways gw",
    ]);
    expect(diffState(desired, current, { prune: false }).plan).toEqual({
      changes: [],
      prune: false,
      absent: [
        { kind: "extensions", key: "1002" },
        { kind: "gateways", key: "gw" },
        { kind: "dids", key: "998785553322" },
        { kind: "outboundRoutes", key: "r" },
      ],
    });
  });

  test("an entry the file names but could not read is neither changed nor pruned", () => {
    const current: CurrentState = state({ extensions: [ext("1001", "a")] });
    const { plan } = diffState(state({}), current, { prune: true, unresolved: { extensions: new Set(["1001"]) } });
    expect(plan.changes).toEqual([]);
  });

  test("a new gateway needs a password; an existing one keeps its own", () => {
    const gw = (secret: DesiredObject["secret"]): DesiredObject => ({ key: "gw", path: "gateways[0]", fields: { host: "h" }, secret });
    expect(diffState(state({ gateways: [gw({ kind: "keep" })] }), nothingStored, { prune: false }).errors).toEqual([
      { path: "gateways[0].password", message: "required for a new gateway: { env: NAME } or { file: PATH }" },
    ]);
    const current: CurrentState = state({ gateways: [{ key: "gw", fields: { host: "h" }, secret: "p" }] });
    expect(diffState(state({ gateways: [gw({ kind: "keep" })] }), current, { prune: false })).toEqual({
      plan: { changes: [], absent: [], prune: false },
      errors: [],
    });
  });

  test("creates come in dependency order, each kind by natural key order", () => {
    const desired: DesiredState = state({
      extensions: [want(ext("1001", "a"), "e0"), want(ext("999", "b"), "e1")],
      gateways: [{ key: "gw", path: "g0", fields: {}, secret: { kind: "set", value: "p", source: "from env P" } }],
      dids: [{ key: "998785553322", path: "d0", fields: {}, secret: { kind: "keep" } }],
    });
    const { plan } = diffState(desired, nothingStored, { prune: false });
    expect(plan.changes.map((c) => `${c.kind} ${c.key}`)).toEqual(["gateways gw", "extensions 999", "extensions 1001", "dids 998785553322"]);
  });

  test("the fingerprint names what a plan does: same plan, same fingerprint", () => {
    const desired: DesiredState = state({ extensions: [want(ext("1001", "a"), "e0")] });
    const a = diffState(desired, nothingStored, { prune: false }).plan;
    const b = diffState(desired, nothingStored, { prune: false }).plan;
    const c = diffState(desired, state({ extensions: [ext("1001", "b")] }), { prune: false }).plan;
    expect(planFingerprint(a)).toBe(planFingerprint(b));
    expect(planFingerprint(a)).not.toBe(planFingerprint(c));
  });
});
