import { expect, test } from "bun:test";
import { A_LEG, fixtureBytes } from "../../test/support/cdr-bodies.ts";
import { type ParsedCdr, parseJsonCdr } from "../cdr/parse-json-cdr.ts";
import { storeCdr } from "./cdrs.ts";
import { openDb } from "./client.ts";
import { registerRecording } from "./recordings.ts";
import { cdrs, recordings } from "./schema.ts";

function aLeg(): ParsedCdr {
  const r = parseJsonCdr(fixtureBytes(A_LEG));
  if (!r.ok) throw new Error(r.error);
  return r;
}

test("a leg posted twice is one row; the second answer says duplicate", () => {
  const db = openDb(":memory:");
  const first = storeCdr(db, aLeg());
  const second = storeCdr(db, aLeg());
  expect(first.stored).toBe(true);
  expect(second).toEqual({ stored: false, reason: "duplicate", id: first.id });
  expect(db.select().from(cdrs).all()).toHaveLength(1);
});

test("when a recording cannot be written, the CDR row is not written either", () => {
  const db = openDb(":memory:");
  const broken = { ...aLeg(), recordings: [{ path: null as unknown as string }] };
  expect(() => storeCdr(db, broken)).toThrow();
  expect(db.select().from(cdrs).all()).toHaveLength(0);
  expect(db.select().from(recordings).all()).toHaveLength(0);
});

test("a recording the tracker saw on a B leg moves to the call once the CDR arrives", () => {
  const db = openDb(":memory:");
  const cdr = aLeg();
  registerRecording(db, { path: "/rec/x.wav", channelUuid: cdr.row.uuid, callUuid: "something-else" });
  storeCdr(db, cdr);
  expect(db.select().from(recordings).get()?.callUuid).toBe(cdr.row.callUuid);
});

test("the tracker's duration and size are kept when the CDR knows less", () => {
  const db = openDb(":memory:");
  registerRecording(db, { path: "/rec/y.wav", channelUuid: "c1", durationMs: 2000, sizeBytes: 32044 });
  const again = registerRecording(db, { path: "/rec/y.wav", channelUuid: "c1", callUuid: "call-1" });
  expect(again).toMatchObject({ durationMs: 2000, sizeBytes: 32044, callUuid: "call-1" });
  expect(db.select().from(recordings).all()).toHaveLength(1);
});
