import { expect, test } from "bun:test";
import { openDb } from "./client.ts";
import { listRecordings, registerRecording } from "./recordings.ts";
import { recordings } from "./schema.ts";

test("the worse status stands whichever source reports second", () => {
  const db = openDb(":memory:");
  registerRecording(db, { path: "/rec/a.wav", channelUuid: "c1", status: "ok" });
  expect(registerRecording(db, { path: "/rec/a.wav", channelUuid: "c1", status: "failed" })?.status).toBe("failed");
  expect(registerRecording(db, { path: "/rec/a.wav", channelUuid: "c1", status: "ok" })?.status).toBe("failed");
  registerRecording(db, { path: "/rec/b.wav", channelUuid: "c2", status: "empty" });
  expect(registerRecording(db, { path: "/rec/b.wav", channelUuid: "c2", status: "missing" })?.status).toBe("empty");
  expect(registerRecording(db, { path: "/rec/b.wav", channelUuid: "c2" })?.status).toBe("empty");
});

test("a recording registered without a verdict is ok", () => {
  const db = openDb(":memory:");
  expect(registerRecording(db, { path: "/rec/c.wav", channelUuid: "c3" })?.status).toBe("ok");
});

test("a path holding a NUL is never stored, even by a caller that skipped vetting", () => {
  const db = openDb(":memory:");
  expect(registerRecording(db, { path: "/rec/x\u0000.wav", channelUuid: "c4" })).toBeUndefined();
  expect(db.select().from(recordings).all()).toHaveLength(0);
});

test("recordings can be listed by status", () => {
  const db = openDb(":memory:");
  registerRecording(db, { path: "/rec/ok.wav", channelUuid: "c5", status: "ok" });
  registerRecording(db, { path: "/rec/bad.wav", channelUuid: "c6", status: "failed" });
  const failed = listRecordings(db, { status: "failed", limit: 10, offset: 0 });
  expect(failed.items.map((r) => r.path)).toEqual(["/rec/bad.wav"]);
  expect(failed.total).toBe(1);
});
