import { NO_CALL_HANDLING } from "../pbx/call-handling.ts";
import { describe, expect, test } from "bun:test";
import { parse } from "yaml";
import { diffState } from "./diff-state.ts";
import { renderPbxYaml, toPbxDocument } from "./export-document.ts";
import { readPbxFile } from "./read-pbx-file.ts";
import type { CurrentState } from "./state.ts";

const current: CurrentState = {
  extensions: [
    { key: "1001", fields: { name: "Op 1", callerIdName: null, callerIdNumber: "998785553322", outboundClass: "national", record: false, maxRegistrations: 3, enabled: true, voicemail: true, callHandling: NO_CALL_HANDLING }, secret: "a".repeat(32) },
    { key: "999", fields: { name: "Reception", callerIdName: null, callerIdNumber: null, outboundClass: "local", record: true, maxRegistrations: 3, enabled: true, voicemail: false, callHandling: { ...NO_CALL_HANDLING, forwardNoAnswer: { type: "extension", target: "1001" } } } },
  ],
  gateways: [
    {
      key: "belluz",
      fields: { host: "bell.uz", port: 5060, transport: "udp", username: "998785553322", register: true, expireSeconds: 600, retrySeconds: 30, fromDomain: null, callerIdInFrom: false, enabled: true },
      secret: "provider-pass",
    },
  ],
  dids: [{ key: "998785553322", fields: { description: null, gateway: null, destination: { type: "extension", target: "999" }, record: false, enabled: true } }],
  outboundRoutes: [
    { key: "b", fields: { pattern: "^(1\\d+)$", gateway: "belluz", strip: 0, prepend: "", callerIdName: null, callerIdNumber: null, class: "national", priority: 100, record: false, enabled: true } },
    { key: "a", fields: { pattern: "^(2\\d+)$", gateway: "belluz", strip: 0, prepend: "", callerIdName: null, callerIdNumber: null, class: "national", priority: 200, record: false, enabled: true } },
  ],
  ringGroups: [
    {
      key: "sales",
      fields: {
        number: "600", strategy: "sequential", members: ["1001", "999"], ringSeconds: 20, timeoutSeconds: 60,
        fallback: { type: "ring_group", target: "night" }, callerIdNamePrefix: "Sales - ", enabled: true,
      },
    },
    {
      key: "night",
      fields: {
        number: null, strategy: "simultaneous", members: ["999"], ringSeconds: 20, timeoutSeconds: 60,
        fallback: { type: "hangup", target: "NO_ANSWER" }, callerIdNamePrefix: null, enabled: true,
      },
    },
  ],
  timeConditions: [
    {
      key: "business-hours",
      fields: {
        schedule: { rules: [{ days: ["mon", "tue"], open: "09:00", close: "18:00" }], holidays: [{ date: "2027-01-01", name: "New Year" }] },
        open: { type: "ring_group", target: "sales" },
        closed: { type: "time_condition", target: "night-line" },
        enabled: true,
      },
    },
    {
      key: "night-line",
      fields: { schedule: { rules: [], holidays: [] }, open: { type: "extension", target: "999" }, closed: { type: "hangup", target: "NORMAL_CLEARING" }, enabled: false },
    },
  ],
  agents: [],
  queues: [],
  ivrMenus: [],
};

describe("exporting the PBX", () => {
  test("stable order, defaults and nulls left out, never a credential", () => {
    const doc = toPbxDocument(current);
    expect(doc).toEqual({
      version: 1,
      extensions: [
        { number: "999", name: "Reception", outboundClass: "local", record: true, callHandling: { ...NO_CALL_HANDLING, forwardNoAnswer: { type: "extension", target: "1001" } } },
        { number: "1001", name: "Op 1", callerIdNumber: "998785553322", voicemail: true },
      ],
      gateways: [{ name: "belluz", host: "bell.uz", username: "998785553322" }],
      dids: [{ number: "998785553322", destination: { type: "extension", target: "999" } }],
      outboundRoutes: [
        { name: "b", pattern: "^(1\\d+)$", gateway: "belluz" },
        { name: "a", pattern: "^(2\\d+)$", gateway: "belluz", priority: 200 },
      ],
      ringGroups: [
        { name: "night", members: ["999"] },
        { name: "sales", number: "600", strategy: "sequential", members: ["1001", "999"], fallback: { type: "ring_group", target: "night" }, callerIdNamePrefix: "Sales - " },
      ],
      timeConditions: [
        {
          name: "business-hours",
          schedule: { rules: [{ days: ["mon", "tue"], open: "09:00", close: "18:00" }], holidays: [{ date: "2027-01-01", name: "New Year" }] },
          open: { type: "ring_group", target: "sales" },
          closed: { type: "time_condition", target: "night-line" },
        },
        {
          name: "night-line",
          schedule: { rules: [], holidays: [] },
          open: { type: "extension", target: "999" },
          closed: { type: "hangup", target: "NORMAL_CLEARING" },
          enabled: false,
        },
      ],
      agents: [],
      queues: [],
      ivrMenus: [],
    });
    const yaml = renderPbxYaml(doc);
    expect(yaml).not.toContain("a".repeat(32));
    expect(yaml).not.toContain("provider-pass");
    expect(yaml).toContain('number: "999"');
  });

  test("read back, it plans no change, whatever the stored credentials", () => {
    const read = readPbxFile(parse(renderPbxYaml(toPbxDocument(current))), { env: () => undefined, file: () => undefined });
    expect(read.errors).toEqual([]);
    expect(diffState(read.desired, current, { prune: true }).plan.changes).toEqual([]);
  });
});
