/**
 * The events stream sends what /api/openapi.json says it sends: every
 * message of a real session (callboard on the simulator, a phone
 * registering, a DID call ringing, answered and hung up) parses against the
 * zod schema the API publishes, the one `callboard top` takes its types from.
 */
import { afterAll, expect, test } from "bun:test";
import { zStreamMessage } from "../src/api/live/events-doc.ts";
import { bootDemo } from "./support/sim-callboard.ts";
import { until } from "./support/until.ts";

const demo = await bootDemo();
afterAll(() => demo.stop());

test("every message of the events stream matches the schema the API publishes for it", async () => {
  const { sim, url, token } = demo;
  const messages: unknown[] = [];
  const ws = new WebSocket(`${url.replace("http", "ws")}/api/v1/events?token=${token}`);
  ws.onmessage = (m) => messages.push(JSON.parse(String(m.data)));
  try {
    await until("the snapshot", () => messages.length > 0);
    expect(await sim.register("1001", { password: "Demo-desk-1001" })).toBe(true);
    const placed = sim.placeCall({ from: "998901112233", to: "998785553322", direction: "inbound", answerAfterMs: 20 });
    await until("the call is answered", () => messages.some((m) => asCallChange(m)?.value?.state === "active"));
    sim.hangup(placed.uuid);
    await until("the call is removed", () => messages.some((m) => asCallChange(m)?.op === "remove" && asCallChange(m)?.key === placed.callUuid));

    const kinds = new Set(messages.map((m) => (m as { kind?: string }).kind ?? "snapshot"));
    expect([...kinds]).toEqual(expect.arrayContaining(["snapshot", "registration", "channel", "call"]));
    for (const message of messages) {
      const parsed = zStreamMessage.safeParse(message);
      expect(parsed.success ? "matches" : `${JSON.stringify(message)}\n${parsed.error.message}`).toBe("matches");
    }
  } finally {
    ws.close();
  }
});

/** Read loosely on purpose: the schema check below is what judges the shape. */
const asCallChange = (m: unknown) => {
  const change = m as { kind?: string; op?: string; key?: string; value?: { state?: string } };
  return change.kind === "call" ? change : undefined;
};
