import { afterEach, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { authedClient, plainEventHeaders } from "../../test/support/esl-test-client.ts";
import { eventArguments } from "./event-app.ts";
import type { SimEvent } from "./frames.ts";
import { manualClock, startEslSimulator, type EslSimulator } from "./index.ts";

const FEATURE = "Event-Name=CUSTOM,Event-Subclass=callboard::feature,callboard_feature=dnd_on,callboard_extension=1001";
const DIALPLAN =
  `<document type="freeswitch/xml"><section name="dialplan"><context name="default"><extension name="x"><condition field="destination_number" expression="^\\*78$">` +
  `<action application="answer"/><action application="event" data="${FEATURE}"/><action application="playback" data="tone_stream://%(150,50,880)"/>` +
  `<action application="hangup" data="NORMAL_CLEARING"/></condition></extension></context></section></document>`;

const started: EslSimulator[] = [];
afterEach(async () => {
  for (const sim of started.splice(0)) await sim.close();
});

test("the arguments are split at commas, names and values trimmed of spaces; a part without = is dropped", () => {
  expect(eventArguments("Event-Name = CUSTOM, a=b c ,junk,x=")).toEqual([["Event-Name", "CUSTOM"], ["a", "b c "], ["x", ""]]);
});

test("a feature code's event application fires CUSTOM callboard::feature with its arguments, then the calling phone's channel data", async () => {
  const clock = manualClock(Date.UTC(2026, 11, 2, 9, 0, 0));
  const sim = await startEslSimulator({
    password: "ClueCon",
    clock,
    heartbeatSeconds: 0,
    domain: "pbx.test",
    xmlCurl: {
      url: "http://callboard/freeswitch/xml",
      fetch: async (_url, init) => new Response(String(init.body).includes("section=dialplan") ? DIALPLAN : "<document/>"),
    },
  });
  started.push(sim);
  const events: SimEvent[] = [];
  sim.model.onEvent((e) => events.push(e));
  const client = await authedClient(sim.port, "ClueCon");
  await client.command("event plain CUSTOM callboard::feature");
  sim.placeCall({ from: "1001", to: "*78", direction: "internal" });
  for (let t = 0; t < 1_000; t += 10) {
    clock.advance(10);
    await sim.settled();
  }
  const fired = events.filter((e) => e.subclass === "callboard::feature");
  expect(fired).toHaveLength(1);
  const keys = fired[0]!.headers.map(([k]) => k);
  // Event-Subclass leads (the event socket's copy), the core block of the CHANNEL_APPLICATION event as created, the new Event-Name, the arguments, the channel.
  expect(keys.slice(0, 17)).toEqual([
    "Event-Subclass", "Core-UUID", "FreeSWITCH-Hostname", "FreeSWITCH-Switchname", "FreeSWITCH-IPv4", "FreeSWITCH-IPv6", "Event-Date-Local", "Event-Date-GMT",
    "Event-Date-Timestamp", "Event-Calling-File", "Event-Calling-Function", "Event-Calling-Line-Number", "Event-Sequence", "Event-Name", "callboard_feature",
    "callboard_extension", "Channel-State",
  ]);
  // …which is what FreeSWITCH 1.10.12 sent for *78 (test/fixtures/freeswitch/esl/frames/event_plain_callboard_feature.frame).
  const capture = readFileSync(new URL("../../test/fixtures/freeswitch/esl/frames/event_plain_callboard_feature.frame", import.meta.url));
  const real = plainEventHeaders(capture.subarray(capture.indexOf("\n\n") + 2)).map(([k]) => k);
  expect(keys.filter((k) => !k.startsWith("variable_"))).toEqual(real.filter((k) => !k.startsWith("variable_")));
  const h = Object.fromEntries(fired[0]!.headers);
  expect([h["Event-Name"], h["Event-Calling-Function"], h.callboard_feature, h.variable_sip_authorized, h.variable_user_name]).toEqual(["CUSTOM", "event_function", "dnd_on", "true", "1001"]);
  const frame = await client.next();
  expect(frame.body.toString()).toContain("Event-Subclass: callboard%3A%3Afeature\n");
  client.close();
});
