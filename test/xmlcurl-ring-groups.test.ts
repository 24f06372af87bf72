/**
 * Golden dialplan answers for ring groups, to the bodies a real FreeSWITCH
 * 1.10 POSTed (the provider's DID call, a phone's call), with the groups made
 * over REST and the phones' registrations as callboard mirrors them. Rows
 * forced into the database and hostile caller names never reach FreeSWITCH.
 */
import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { ringGroupMembers, ringGroups } from "../src/db/schema.ts";
import type { LiveSnapshot, Registration } from "../src/esl/live-types.ts";
import { dialplanDocumentDom, type Action } from "../src/xmlcurl/dialplan-document.ts";
import { TEST_DOMAIN as D, emptyLive, testApp } from "./support/deps.ts";
import { editBody, fixtureBody, postXml } from "./support/xmlcurl-bodies.ts";

const NOW = new Date(2026, 10, 22, 10, 45).getTime();
const DESK_1001 = "sip:1001@192.168.1.20:5060";
const MOBILE_1001 = "sip:1001@10.8.0.3:5062;fs_nat=yes;fs_path=sip%3A1001%40203.0.113.9%3A41234";
const DESK_1002 = "sip:1002@192.168.1.21:5060";

const reg = (user: string, dialUri: string): Registration => ({
  id: `${user}@${D}/${dialUri}`,
  user,
  realm: D,
  contact: dialUri.split(";")[0]!,
  dialUri,
  networkIp: "127.0.0.1",
  networkPort: 5060,
  transport: "udp",
  userAgent: "MicroSIP/3.21.3",
  expiresAt: NOW + 600_000,
  profile: "internal",
});

/** 1001 with a desk phone and a mobile behind NAT, 1002 with one phone, 1003 and 1004 not registered. */
async function setup() {
  const live = emptyLive();
  const snap: LiveSnapshot = { ...live.snapshot(), registrations: [reg("1001", DESK_1001), reg("1001", MOBILE_1001), reg("1002", DESK_1002)] };
  const t = testApp({ now: () => NOW, live: { ...live, snapshot: () => snap } });
  for (const [number, name] of [["1001", "Dilnoza Karimova"], ["1002", "Шахноза Юсупова"], ["1003", "Malika"], ["1004", "Bekzod"]] as const) {
    expect((await t.call("POST", "/api/v1/extensions", { number, name })).status).toBe(201);
  }
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await t.call(method, `/api/v1${path}`, body);
    expect(res.status).toBeLessThan(300);
  };
  const ask = async (body: string) => {
    const res = await postXml(t.app, body);
    expect(res.status).toBe(200);
    return res.text();
  };
  return { ...t, api, ask };
}

/** The captured provider call to DID 998785553322, from a caller whose name the provider sent. */
const didCall = (callerName = "998901112233") => editBody(fixtureBody("dialplan-public-inbound-did-998785553322"), { "Caller-Caller-ID-Name": callerName });

/** The captured phone call from 1001 (digest-authenticated), to `number`. */
const phoneCall = (from: string, number: string) =>
  editBody(fixtureBody("dialplan-sofia-inbound-to-1002"), {
    variable_user_name: from,
    variable_sip_auth_username: from,
    variable_sip_from_user: from,
    "Caller-Destination-Number": number,
    "Hunt-Destination-Number": number,
    variable_sip_req_user: number,
    variable_sip_to_user: number,
  });

const leg = (number: string, seconds: number, endpoint: string) =>
  `[leg_timeout=${seconds},presence_id=${number}@${D},dialed_user=${number},dialed_domain=${D}]sofia/internal/${endpoint}`;

const escape = (s: string) => s.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
const dialplan = (context: string, extension: string, destination: string, actions: Action[]) =>
  `<document type="freeswitch/xml"><section name="dialplan"><context name="${context}"><extension name="${extension}">` +
  `<condition field="destination_number" expression="^${destination}$">` +
  actions.map(([app, data]) => (data === undefined ? `<action application="${app}"/>` : `<action application="${app}" data="${escape(data)}"/>`)).join("") +
  `</condition></extension></context></section></document>`;

/** The actions of an answer, read back out of its XML. */
const actionsOf = (xml: string): Action[] =>
  [...xml.matchAll(/<action application="([^"]*)"(?: data="([^"]*)")?\/>/g)].map(([, app, data]) => [
    app!,
    ...(data === undefined ? [] : [data.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&")]),
  ] as Action);

describe("a DID pointing at a ring group", () => {
  test("simultaneous: every registered phone of every member rings at once, then the fallback extension, then NO_ANSWER", async () => {
    const { api, ask } = await setup();
    await api("POST", "/ring-groups", { name: "sales", members: ["1001", "1002"], callerIdNamePrefix: "Sales - ", fallback: { type: "extension", target: "1003" } });
    await api("POST", "/dids", { number: "998785553322", destination: { type: "ring_group", target: "sales" } });
    const xml = await ask(didCall("Qo'ng'iroq Markazi"));
    const name = "origination_caller_id_name=Sales - Qoʼngʼiroq Markazi";
    expect(xml).toBe(
      dialplan("public", "group_sales", "998785553322", [
        ["set", "hangup_after_bridge=true"],
        ["set", "continue_on_fail=true"],
        [
          "bridge",
          `{originate_timeout=20,sip_invite_domain=${D},${name}}` +
            [leg("1001", 20, DESK_1001), leg("1001", 20, MOBILE_1001), leg("1002", 20, DESK_1002)].join(","),
        ],
        ["bridge", `{originate_timeout=30,sip_invite_domain=${D},${name}}${leg("1003", 30, `1003%${D}`)}`],
        ["hangup", "NO_ANSWER"],
      ]),
    );
    // What the template filled is what xmlbuilder2 builds from the same actions.
    expect(xml).toBe(dialplanDocumentDom("public", "group_sales", { field: "destination_number", expression: "^998785553322$" }, actionsOf(xml)));
  });

  test("sequential: `|` between members, each member's phones together, each for what is left of the total; then a fallback group", async () => {
    const { api, ask, deps } = await setup();
    await api("POST", "/ring-groups", { name: "night", members: ["1004"], ringSeconds: 15, fallback: { type: "hangup", target: "USER_BUSY" } });
    await api("POST", "/ring-groups", {
      name: "support",
      strategy: "sequential",
      members: ["1001", "1002", "1003"],
      ringSeconds: 20,
      timeoutSeconds: 30,
      fallback: { type: "ring_group", target: "night" },
    });
    await api("POST", "/dids", { number: "998785553322", destination: { type: "ring_group", target: "support" }, record: true });
    const xml = await ask(didCall());
    expect(actionsOf(xml)).toEqual([
      ["set", "hangup_after_bridge=true"],
      ["set", "continue_on_fail=true"],
      ["set", "RECORD_STEREO=true"],
      ["set", "media_bug_answer_req=true"],
      ["record_session", `${deps.config.recordingsDir}/2026/11/22/104500.000-a273eb47-17bf-4eef-bafc-05d11c6ffead.wav`],
      [
        "bridge",
        `{originate_timeout=21,sip_invite_domain=${D},originate_continue_on_timeout=true}` +
          `${leg("1001", 20, DESK_1001)},${leg("1001", 20, MOBILE_1001)}|${leg("1002", 10, DESK_1002)}`,
      ],
      ["bridge", `{originate_timeout=15,sip_invite_domain=${D}}${leg("1004", 15, `1004%${D}`)}`],
      ["hangup", "USER_BUSY"],
    ]);
  });

  test("a DID to a disabled group is unallocated, as one to a disabled extension is", async () => {
    const { api, ask } = await setup();
    await api("POST", "/ring-groups", { name: "sales", members: ["1001"], enabled: false });
    await api("POST", "/dids", { number: "998785553322", destination: { type: "ring_group", target: "sales" } });
    expect(actionsOf(await ask(didCall()))).toEqual([["hangup", "UNALLOCATED_NUMBER"]]);
  });

  test("a change over REST is in the very next answer", async () => {
    const { api, ask } = await setup();
    await api("POST", "/ring-groups", { name: "sales", members: ["1001"] });
    await api("POST", "/dids", { number: "998785553322", destination: { type: "ring_group", target: "sales" } });
    expect(await ask(didCall())).toContain("dialed_user=1001");
    await api("PATCH", "/ring-groups/sales", { members: ["1002"] });
    const xml = await ask(didCall());
    expect(xml).toContain("dialed_user=1002");
    expect(xml).not.toContain("dialed_user=1001");
  });
});

describe("a phone calling the group's number", () => {
  test("the other members ring with the caller's directory name behind the prefix; the caller's own phones do not", async () => {
    const { api, ask } = await setup();
    await api("POST", "/ring-groups", { name: "sales", number: "600", members: ["1001", "1002"], callerIdNamePrefix: "Sales - " });
    expect(actionsOf(await ask(phoneCall("1002", "600")))).toEqual([
      ["set_profile_var", "caller_id_name=Шахноза Юсупова"],
      ["set_profile_var", "caller_id_number=1002"],
      ["set", "hangup_after_bridge=true"],
      ["set", "continue_on_fail=true"],
      [
        "bridge",
        `{originate_timeout=20,sip_invite_domain=${D},origination_caller_id_name=Sales - Шахноза Юсупова}${leg("1001", 20, DESK_1001)},${leg("1001", 20, MOBILE_1001)}`,
      ],
      ["hangup", "NO_ANSWER"],
    ]);
  });
});

describe("hostile values never reach FreeSWITCH", () => {
  test.each([
    ["a variable", "${sip_h_X-Secret}"],
    ["a fork to a gateway", "x},sofia/gateway/belluz/998901234567,{a=b"],
    ["failover and brackets", "a|[leg_timeout=1]sofia/gateway/belluz/1"],
    ["markup and the preprocessor", `"/><X-PRE-PROCESS cmd="exec" data="id"/>$\${x}`],
    ["a newline", "Ali\r\nX-Evil: 1"],
  ])("a provider caller name with %s is reduced to letters and digits", async (_what, name) => {
    const { api, ask } = await setup();
    await api("POST", "/ring-groups", { name: "sales", members: ["1001"], callerIdNamePrefix: "Sales - " });
    await api("POST", "/dids", { number: "998785553322", destination: { type: "ring_group", target: "sales" } });
    const xml = await ask(didCall(name));
    const bridge = actionsOf(xml).find(([app]) => app === "bridge")![1]!;
    // The name is one value among the bridge's variables, in letters and digits; the legs are 1001's two phones, nothing else.
    const [, shown, legs] = /^\{originate_timeout=20,sip_invite_domain=[a-z.]+,origination_caller_id_name=([^,{}[\]|]*)\}(.*)$/u.exec(bridge)!;
    expect(shown).toMatch(/^Sales - [\p{L}\p{N} ._()-]*$/u);
    expect(legs).toBe(`${leg("1001", 20, DESK_1001)},${leg("1001", 20, MOBILE_1001)}`);
    expect(xml).not.toContain("sofia/gateway");
    expect(xml).not.toContain("${");
    expect(xml).not.toContain("<X-PRE-PROCESS");
    expect(xml).not.toContain("&lt;X-PRE-PROCESS");
  });

  test("a member number forced into the database refuses the call instead of being dialled", async () => {
    const { api, ask, deps } = await setup();
    await api("POST", "/ring-groups", { name: "sales", members: ["1001"] });
    await api("POST", "/dids", { number: "998785553322", destination: { type: "ring_group", target: "sales" } });
    const group = deps.db.select().from(ringGroups).get()!;
    deps.db.$client.exec("PRAGMA foreign_keys = OFF");
    deps.db.update(ringGroupMembers).set({ extensionNumber: "1,sofia/gateway/belluz/998901234567" }).where(eq(ringGroupMembers.ringGroupId, group.id)).run();
    deps.db.$client.exec("PRAGMA foreign_keys = ON");
    const xml = await ask(didCall());
    // Not an extension the model knows: not rung at all, and the call ends.
    expect(actionsOf(xml)).toEqual([
      ["set", "hangup_after_bridge=true"],
      ["set", "continue_on_fail=true"],
      ["hangup", "NO_ANSWER"],
    ]);
    expect(xml).not.toContain("gateway");
  });

  test("a prefix, a hang-up cause or a fallback forced into the database is left out or replaced, never echoed", async () => {
    const { api, ask, deps } = await setup();
    await api("POST", "/ring-groups", { name: "sales", members: ["1001"], callerIdNamePrefix: "Sales - " });
    await api("POST", "/dids", { number: "998785553322", destination: { type: "ring_group", target: "sales" } });
    deps.db
      .update(ringGroups)
      .set({ callerIdNamePrefix: "Sales${x},", fallbackType: "hangup", fallbackTarget: "NORMAL_CLEARING\"/><action application=\"bridge\" data=\"sofia/gateway/belluz/1" })
      .run();
    const xml = await ask(didCall());
    expect(xml).not.toContain("origination_caller_id_name");
    expect(xml).not.toContain("${x}");
    expect(xml).not.toContain("gateway");
    expect(actionsOf(xml).at(-1)).toEqual(["hangup", "NO_ANSWER"]);
  });
});
