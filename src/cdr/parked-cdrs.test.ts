import { describe, expect, test } from "bun:test";
import { A_LEG, A_LEG_UUID, B_LEG_UUID, fixtureBytes } from "../../test/support/cdr-bodies.ts";
import { INCOMPLETE_AFTER_MS, judgeParkedFile, parkedUuid, SETTLE_MS } from "./parked-cdrs.ts";

const NOW = 1_800_000_000_000;
/** What backup_cdr() writes: the body, then "\n". */
const parked = (body = fixtureBytes(A_LEG)) => new Uint8Array([...body, 0x0a]);
const file = (bytes: Uint8Array, ageMs = 10_000, name = `${A_LEG_UUID}.cdr.json`) => ({ name, bytes, mtimeMs: NOW - ageMs });
const kind = (v: ReturnType<typeof judgeParkedFile>) => (v.kind === "cdr" ? "cdr" : `${v.kind}: ${"reason" in v ? v.reason : v.error}`);

describe("a parked file", () => {
  test("settled and ending in the newline FreeSWITCH adds is a CDR whose raw body is exactly what it would have POSTed", () => {
    const v = judgeParkedFile(file(parked()), NOW);
    expect(v.kind).toBe("cdr");
    if (v.kind === "cdr") {
      expect(v.cdr.row.uuid).toBe(A_LEG_UUID);
      expect(v.cdr.row.raw).toBe(new TextDecoder().decode(fixtureBytes(A_LEG)));
    }
  });

  test("with prefix-a-leg (a_<uuid>.cdr.json) is a CDR too", () => {
    expect(kind(judgeParkedFile(file(parked(), 10_000, `a_${A_LEG_UUID}.cdr.json`), NOW))).toBe("cdr");
  });

  test("written in the last 2 s waits, even when it looks complete", () => {
    expect(kind(judgeParkedFile(file(parked(), SETTLE_MS - 1), NOW))).toStartWith("wait");
  });

  test("without its final newline waits: FreeSWITCH may be between write()s", () => {
    expect(kind(judgeParkedFile(file(fixtureBytes(A_LEG)), NOW))).toBe("wait: no final newline yet");
    expect(kind(judgeParkedFile(file(fixtureBytes(A_LEG).subarray(0, 4000)), NOW))).toBe("wait: no final newline yet");
  });

  test("still without its newline a minute after its last write is reported incomplete", () => {
    expect(kind(judgeParkedFile(file(fixtureBytes(A_LEG).subarray(0, 4000), INCOMPLETE_AFTER_MS), NOW))).toStartWith("malformed: incomplete");
  });

  test("holding no CDR, or another leg than its name says, is malformed with the reason", () => {
    expect(kind(judgeParkedFile(file(new TextEncoder().encode("garbage\n")), NOW))).toStartWith("malformed: body is neither");
    expect(kind(judgeParkedFile(file(parked(), 10_000, `${B_LEG_UUID}.cdr.json`), NOW))).toBe(
      `malformed: file name says ${B_LEG_UUID}, variables.uuid says ${A_LEG_UUID}`,
    );
  });

  test("names: only <uuid>.cdr.json and a_<uuid>.cdr.json are parked CDRs", () => {
    expect(parkedUuid(`a_${A_LEG_UUID}.cdr.json`)).toBe(A_LEG_UUID);
    expect(parkedUuid(`${A_LEG_UUID}.cdr.json.tmp`)).toBeUndefined();
    expect(parkedUuid("stored")).toBeUndefined();
    expect(parkedUuid("../x.cdr.json")).toBeUndefined();
  });
});
