import { describe, expect, test } from "bun:test";
import type { AgentRow, QueueRow } from "../pbx/queues.ts";
import { DEFAULT_MOH, renderCallcenter } from "./render-callcenter.ts";

const queue = (over: Partial<QueueRow> = {}): QueueRow => ({
  name: "support",
  strategy: "longest-idle-agent",
  musicOnHold: null,
  maxWaitSeconds: 60,
  noAgentMaxWaitSeconds: 20,
  fallback: { type: "hangup", target: "NO_ANSWER" },
  tiers: [{ agent: "1001", level: 1, position: 2 }],
  enabled: true,
  ...over,
});
const agent = (extension: string, over: Partial<AgentRow> = {}): AgentRow => ({ extension, status: "Available", wrapUpSeconds: 10, maxNoAnswer: 3, ...over });

describe("callcenter.conf", () => {
  test("queues with their params, callback agents ringing user/N@domain, tiers; agents and tiers truncated on load", () => {
    const { xml, problems } = renderCallcenter([queue()], [agent("1001", { status: "On Break" })], { domain: "pbx.test" });
    expect(problems).toEqual([]);
    expect(xml).toContain('<configuration name="callcenter.conf" description="callboard">');
    expect(xml).toContain('<param name="truncate-agents-on-load" value="true"/>');
    expect(xml).toContain('<param name="truncate-tiers-on-load" value="true"/>');
    expect(xml).toContain('<queue name="support"><param name="strategy" value="longest-idle-agent"/>');
    expect(xml).toContain(`<param name="moh-sound" value="${DEFAULT_MOH}"/>`);
    expect(xml).toContain('<param name="max-wait-time" value="60"/><param name="max-wait-time-with-no-agent" value="20"/>');
    expect(xml).toContain(
      '<agent name="1001" type="callback" contact="user/1001@pbx.test" status="On Break" max-no-answer="3" wrap-up-time="10" reject-delay-time="10" busy-delay-time="10" no-answer-delay-time="10"/>',
    );
    expect(xml).toContain('<tier agent="1001" queue="support" level="1" position="2"/>');
  });

  test("music on hold: an uploaded sound is the file in the sounds dir; without a sounds dir, ringback and a named problem", () => {
    const played = renderCallcenter([queue({ musicOnHold: "hold-music", tiers: [] })], [], { domain: "pbx.test", soundsDir: "/var/lib/callboard/sounds/" });
    expect(played.problems).toEqual([]);
    expect(played.xml).toContain('<param name="moh-sound" value="/var/lib/callboard/sounds/hold-music.wav"/>');
    const unplayable = renderCallcenter([queue({ musicOnHold: "hold-music", tiers: [] })], [], { domain: "pbx.test" });
    expect(unplayable.xml).toContain(`<param name="moh-sound" value="${DEFAULT_MOH}"/>`);
    expect(unplayable.problems).toEqual(["queue support: music on hold hold-music cannot be played; ringback instead"]);
  });

  test("a disabled queue is not served; a row forced into the database with a bad value is left out and named", () => {
    const { xml, problems } = renderCallcenter(
      [queue({ name: "off", enabled: false }), queue({ name: "bad name" }), queue({ name: "ok", tiers: [{ agent: "1001", level: 1, position: 1 }, { agent: "9$", level: 1, position: 1 }] })],
      [agent("1001"), agent("10${x}"), agent("1002", { status: "Asleep" as AgentRow["status"] })],
      { domain: "pbx.test" },
    );
    expect(xml).not.toContain('name="off"');
    expect(xml).not.toContain("bad name");
    expect(xml).not.toContain("${");
    expect(xml).not.toContain("Asleep");
    expect(xml).toContain('<queue name="ok">');
    expect(problems.length).toBe(4);
  });
});
