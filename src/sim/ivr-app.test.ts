/**
 * The simulator's `ivr` and `transfer` applications against a scripted
 * callboard: ivr.conf asked for as FreeSWITCH 1.10.12 asks (the captured
 * body's fields), keys read as switch_ivr_menu_execute reads them, and the
 * entry's `transfer <menu>/<key> XML ivr` hunting the dialplan again with
 * the profile switch_ivr_session_transfer makes.
 */
import { afterEach, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { parseXmlCurlBody } from "../xmlcurl/parse-request.ts";
import type { SimEvent } from "./frames.ts";
import { manualClock, startEslSimulator, type EslSimulator, type PlaceCallOptions } from "./index.ts";

const DID = "998785553310";
const NOT_FOUND = `<document type="freeswitch/xml"><section name="result"><result status="not found"/></section></document>`;
const extension = (context: string, expression: string, actions: [string, string?][]) =>
  `<document type="freeswitch/xml"><section name="dialplan"><context name="${context}"><extension name="x"><condition field="destination_number" expression="${expression}">` +
  actions.map(([app, data]) => `<action application="${app}"${data === undefined ? "" : ` data="${data}"`}/>`).join("") +
  `</condition></extension></context></section></document>`;
const MENU =
  `<document type="freeswitch/xml"><section name="configuration"><configuration name="ivr.conf"><menus>` +
  `<menu name="main" greet-long="/s/welcome.wav" greet-short="/s/welcome.wav" invalid-sound="/s/bad.wav" timeout="4000" inter-digit-timeout="2000" ` +
  `max-failures="2" max-timeouts="2" exec-on-max-failures="transfer main/fallback XML ivr" exec-on-max-timeouts="transfer main/fallback XML ivr" digit-len="1">` +
  `<entry action="menu-exec-app" digits="1" param="transfer main/1 XML ivr"/><entry action="menu-exec-app" digits="2" param="transfer main/2 XML ivr"/>` +
  `</menu></menus></configuration></section></document>`;

/** callboard as far as these calls need it: the DID answers with the menu, context ivr hangs up with a cause naming the choice. */
function answer(fields: URLSearchParams): string {
  if (fields.get("key_value") === "ivr.conf") return fields.get("Menu-Name") === "main" ? MENU : NOT_FOUND;
  if (fields.get("section") !== "dialplan") return NOT_FOUND;
  const context = fields.get("Caller-Context");
  if (context === "public") {
    const menu = fields.get("Caller-Destination-Number") === DID ? "main" : "sales";
    return extension("public", "^99878555", [["answer"], ["sleep", "250"], ["ivr", menu], ["hangup", "NORMAL_CLEARING"]]);
  }
  const choice = fields.get("Caller-Destination-Number");
  const cause = { "main/1": "USER_BUSY", "main/2": "CALL_REJECTED", "main/fallback": "NO_USER_RESPONSE" }[choice ?? ""] ?? "UNALLOCATED_NUMBER";
  if (context === "ivr") return extension("ivr", "^main/", [["hangup", cause]]);
  return NOT_FOUND;
}

const started: EslSimulator[] = [];
afterEach(async () => {
  for (const sim of started.splice(0)) await sim.close();
});

async function setup() {
  const clock = manualClock(Date.UTC(2026, 11, 2, 9, 0, 0));
  const asked: URLSearchParams[] = [];
  const raw: string[] = [];
  let n = 0;
  const sim = await startEslSimulator({
    password: "ClueCon",
    clock,
    heartbeatSeconds: 0,
    domain: "pbx.test",
    newUuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
    xmlCurl: {
      url: "http://callboard/freeswitch/xml",
      // These tests hold the simulator's events to FreeSWITCH's captures, made with every header posted.
      postVars: "every header",
      fetch: async (_url, init) => {
        const body = String(init.body);
        raw.push(body);
        const fields = new URLSearchParams(body.replaceAll("+", "%2B"));
        asked.push(fields);
        return new Response(answer(fields));
      },
    },
  });
  started.push(sim);
  const events: SimEvent[] = [];
  sim.model.onEvent((e) => events.push(e));
  await sim.settled();
  const play = async (ms: number) => {
    for (let t = 0; t < ms; t += 10) {
      clock.advance(10);
      await sim.settled();
    }
  };
  const call = (o: Partial<PlaceCallOptions>) => sim.placeCall({ from: "998901112233", to: DID, direction: "inbound", callerName: "Mijoz", ...o });
  const causeOf = (uuid: string) => events.find((e) => e.name === "CHANNEL_HANGUP_COMPLETE" && e.headers.some(([k, v]) => k === "Unique-ID" && v === uuid))?.headers.find(([k]) => k === "Hangup-Cause")?.[1];
  return { sim, asked, raw, events, play, call, causeOf };
}

const field = (fields: URLSearchParams | undefined, name: string) => fields?.get(name) ?? undefined;
const anyField = (b: string, name: string) => new URLSearchParams(b.replaceAll("+", "%2B")).get(name) ?? undefined;

test("the ivr application asks for ivr.conf with the fields FreeSWITCH 1.10.12 sends, in its order", async () => {
  const { raw, call, play } = await setup();
  call({ dtmf: "1" });
  await play(1_000);
  const body = raw.find((b) => b.includes("key_value=ivr.conf"))!;
  const capture = readFileSync(new URL("../../test/fixtures/freeswitch/http/xml_curl-post-configuration-ivr.conf.raw", import.meta.url), "latin1");
  const captured = capture.slice(capture.indexOf("\r\n\r\n") + 4);
  // Up to the channel variables (the simulator keeps a believable subset of a real leg's), every field in FreeSWITCH's order.
  const names = (b: string) => b.split("&").map((f) => f.split("=")[0]!).filter((k) => !k.startsWith("variable_"));
  expect(names(body)).toEqual(names(captured));
  const f = (name: string) => anyField(body, name);
  expect([f("Menu-Name"), f("Event-Calling-File"), f("Event-Calling-Function"), f("Event-Calling-Line-Number")]).toEqual([
    "main",
    "mod_dptools.c",
    "ivr_application_function",
    "2166",
  ]);
  expect([f("Channel-State"), f("Answer-State"), f("Caller-Context"), f("variable_current_application")]).toEqual(["CS_EXECUTE", "answered", "public", "ivr"]);
});

test("the caller keys 1 during the greeting: the entry's transfer hunts context ivr for main/1, with the profile a transfer makes", async () => {
  const { asked, call, play, causeOf } = await setup();
  const { uuid } = call({ dtmf: "1" });
  await play(2_000);
  const hunt = asked.find((f) => f.get("section") === "dialplan" && f.get("Caller-Context") === "ivr")!;
  expect([field(hunt, "Caller-Destination-Number"), field(hunt, "Hunt-Destination-Number"), field(hunt, "Hunt-Context")]).toEqual(["main/1", "main/1", "ivr"]);
  expect(field(hunt, "Caller-RDNIS")).toBe(DID);
  expect(field(hunt, "Caller-Profile-Index")).toBe("2");
  expect(field(hunt, "Caller-Transfer-Source")).toMatch(/^\d+:[0-9a-f-]{36}:bl_xfer:main\/1\/ivr\/XML$/);
  expect(field(hunt, "variable_transfer_source")).toBe(field(hunt, "Caller-Transfer-Source"));
  expect(field(hunt, "variable_max_forwards")).toBe("69");
  expect(Number(field(hunt, "Caller-Channel-Answered-Time"))).toBeGreaterThan(0);
  expect(field(hunt, "Caller-Channel-Transfer-Time")).toBe("0");
  expect(causeOf(uuid)).toBe("USER_BUSY");
});

test("the hunt after an IVR entry's transfer has the fields FreeSWITCH 1.10.12 sent, in its order: ringing again, answered", async () => {
  const { raw, call, play } = await setup();
  call({ dtmf: "2" });
  await play(2_000);
  const body = raw.find((b) => b.includes("section=dialplan") && b.includes("Caller-Context=ivr"))!;
  const capture = readFileSync(new URL("../../test/fixtures/freeswitch/http/xml_curl-post-dialplan-ivr-transfer.raw", import.meta.url), "latin1");
  const captured = capture.slice(capture.indexOf("\r\n\r\n") + 4);
  const names = (b: string) => b.split("&").map((f) => f.split("=")[0]!).filter((k) => !k.startsWith("variable_"));
  expect(names(body)).toEqual(names(captured));
  const value = (b: string, name: string) => parseXmlCurlBody(b).fields.get(name);
  for (const name of ["Channel-State", "Channel-Call-State", "Answer-State", "Caller-Profile-Index", "Hunt-Context", "Caller-Channel-Transfer-Time", "variable_current_application", "variable_max_forwards"]) {
    expect([name, value(body, name)]).toEqual([name, value(captured, name)]);
  }
});

test("keys pressed before the menu listens wait in the channel's queue; a second key picks another entry", async () => {
  const { asked, call, play, causeOf } = await setup();
  const { uuid } = call({ dtmf: [{ digits: "2", afterMs: 0 }] });
  await play(2_000);
  expect(asked.filter((f) => f.get("Caller-Context") === "ivr").map((f) => f.get("Caller-Destination-Number"))).toEqual(["main/2"]);
  expect(causeOf(uuid)).toBe("CALL_REJECTED");
});

test("a caller who keys nothing hears the greeting max-timeouts times, then the menu's exec-on-max-timeouts sends them to the fallback", async () => {
  const { asked, call, play, causeOf } = await setup();
  const { uuid } = call({});
  // Two rounds of greeting (3 s) and waiting (4 s): 14 s after the answer.
  await play(13_000);
  expect(causeOf(uuid)).toBeUndefined();
  await play(2_000);
  expect(asked.filter((f) => f.get("Caller-Context") === "ivr").map((f) => f.get("Caller-Destination-Number"))).toEqual(["main/fallback"]);
  expect(causeOf(uuid)).toBe("NO_USER_RESPONSE");
});

test("a key no entry has plays the invalid sound and counts a failure; at max-failures the fallback", async () => {
  const { asked, call, play, causeOf } = await setup();
  const { uuid } = call({ dtmf: [{ digits: "9", afterMs: 500 }, { digits: "7", afterMs: 5_000 }] });
  await play(20_000);
  expect(asked.filter((f) => f.get("Caller-Context") === "ivr").map((f) => f.get("Caller-Destination-Number"))).toEqual(["main/fallback"]);
  expect(causeOf(uuid)).toBe("NO_USER_RESPONSE");
});

test("a menu ivr.conf does not hold: the ivr application returns at once and the dialplan's next action hangs up", async () => {
  const { call, play, causeOf, asked } = await setup();
  const { uuid } = call({ to: "998785553399", dtmf: "1" });
  await play(1_000);
  expect(asked.filter((f) => f.get("key_value") === "ivr.conf").map((f) => f.get("Menu-Name"))).toEqual(["sales"]);
  expect(asked.filter((f) => f.get("Caller-Context") === "ivr")).toEqual([]);
  expect(causeOf(uuid)).toBe("NORMAL_CLEARING");
});

test("menu::enter and menu::exit frame the menu, each with Menu-Name and the caller's channel", async () => {
  const { events, call, play } = await setup();
  const { uuid } = call({ dtmf: "1" });
  await play(2_000);
  const menu = events.filter((e) => e.subclass?.startsWith("menu::"));
  expect(menu.map((e) => [e.subclass, e.headers.find(([k]) => k === "Menu-Name")?.[1], e.headers.find(([k]) => k === "Unique-ID")?.[1]])).toEqual([
    ["menu::enter", "main", uuid],
    ["menu::exit", "main", uuid],
  ]);
  expect(menu[0]!.headers.slice(0, 2)).toEqual([["Event-Subclass", "menu::enter"], ["Event-Name", "CUSTOM"]]);
  expect(menu[0]!.headers.find(([k]) => k === "Event-Calling-Function")?.[1]).toBe("ivr_send_event");
});
