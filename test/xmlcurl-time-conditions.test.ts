/**
 * Golden dialplan answers for a DID behind a time condition, to the body a
 * real FreeSWITCH 1.10 POSTed for a provider's call: the clock is the app's
 * injected `now`, so 10:00 on a weekday, 23:00 and a holiday are asked for
 * without waiting. The answer is exactly the open or closed destination's.
 */
import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { timeConditions } from "../src/db/schema.ts";
import { insertTimeCondition, type TimeConditionFields } from "../src/db/time-conditions.ts";
import { inTransaction } from "../src/db/transaction.ts";
import { testApp } from "./support/deps.ts";
import { editBody, fixtureBody, postXml } from "./support/xmlcurl-bodies.ts";

const DID = "998785553322";
const didCall = () => editBody(fixtureBody("dialplan-public-inbound-did-998785553322"), { "Caller-Caller-ID-Name": "998901112233" });

const businessHours: TimeConditionFields = {
  name: "business-hours",
  schedule: {
    rules: [
      { days: ["mon", "tue", "wed", "thu", "fri"], open: "09:00", close: "13:00" },
      { days: ["mon", "tue", "wed", "thu", "fri"], open: "14:00", close: "18:00" },
    ],
    holidays: [{ date: "2027-01-01", name: "New Year" }],
  },
  open: { type: "extension", target: "1001" },
  closed: { type: "extension", target: "1002" },
};

async function setup() {
  let now = Date.parse("2026-12-01T10:00:00+05:00");
  const t = testApp({ now: () => now });
  for (const number of ["1001", "1002"]) expect((await t.call("POST", "/api/v1/extensions", { number, name: `Operator ${number}` })).status).toBe(201);
  const ask = async (body: string) => {
    const res = await postXml(t.app, body);
    expect(res.status).toBe(200);
    return res.text();
  };
  const pointDid = async (type: string, target: string) => {
    await t.call("DELETE", `/api/v1/dids/${DID}`);
    expect((await t.call("POST", "/api/v1/dids", { number: DID, destination: { type, target } })).status).toBe(201);
  };
  /** What FreeSWITCH gets when the DID points straight at `extension`. */
  const directAnswer = async (extension: string) => {
    await pointDid("extension", extension);
    const xml = await ask(didCall());
    await pointDid("time_condition", "business-hours");
    return xml;
  };
  inTransaction(t.deps.db, (tx) => insertTimeCondition(tx, businessHours));
  await pointDid("time_condition", "business-hours");
  return { ...t, ask, directAnswer, setNow: (iso: string) => (now = Date.parse(iso)) };
}

describe("a DID pointing at a time condition", () => {
  test("10:00 on a Tuesday in Tashkent: the open destination's answer, byte for byte", async () => {
    const { ask, directAnswer, setNow } = await setup();
    const open = await directAnswer("1001");
    setNow("2026-12-01T10:00:00+05:00");
    const xml = await ask(didCall());
    expect(xml).toBe(open);
    expect(xml).toBe(
      `<document type="freeswitch/xml"><section name="dialplan"><context name="public"><extension name="to_1001">` +
        `<condition field="destination_number" expression="^${DID}$">` +
        `<action application="set" data="call_timeout=30"/><action application="set" data="hangup_after_bridge=true"/>` +
        `<action application="bridge" data="{leg_timeout=30}user/1001@call.example.uz"/><action application="hangup" data="NO_ANSWER"/>` +
        `</condition></extension></context></section></document>`,
    );
  });

  test("23:00 the same day, and the lunch break: the closed destination's answer", async () => {
    const { ask, directAnswer, setNow } = await setup();
    const closed = await directAnswer("1002");
    setNow("2026-12-01T23:00:00+05:00");
    expect(await ask(didCall())).toBe(closed);
    setNow("2026-12-01T08:30:00Z"); // 13:30 in Tashkent
    expect(await ask(didCall())).toBe(closed);
  });

  test("10:00 on New Year's Day (a Friday): closed, the holiday wins over the weekday rule", async () => {
    const { ask, directAnswer, setNow } = await setup();
    const closed = await directAnswer("1002");
    setNow("2027-01-01T10:00:00+05:00");
    expect(await ask(didCall())).toBe(closed);
  });

  test("the same call asked again after closing time is not answered from a cached open answer", async () => {
    const { ask, setNow } = await setup();
    setNow("2026-12-01T17:59:00+05:00");
    expect(await ask(didCall())).toContain("to_1001");
    setNow("2026-12-01T18:00:00+05:00");
    expect(await ask(didCall())).toContain("to_1002");
  });

  test("CALLBOARD_TIME_ZONE decides the wall clock: 10:00 in Tashkent is 06:00 in Berlin, closed there", async () => {
    const { ask, setNow, deps } = await setup();
    setNow("2026-12-01T10:00:00+05:00");
    expect(await ask(didCall())).toContain("to_1001");
    deps.config.timeZone = "Europe/Berlin";
    expect(await ask(didCall())).toContain("to_1002");
  });

  test("a change to the condition, over REST or straight into SQLite, is in the next answer", async () => {
    const t0 = await setup();
    const { ask, setNow, call } = t0;
    setNow("2026-12-01T23:00:00+05:00");
    expect(await ask(didCall())).toContain("to_1002");
    expect((await call("PATCH", "/api/v1/time-conditions/business-hours", { closed: { type: "extension", target: "1001" } })).status).toBe(200);
    expect(await ask(didCall())).toContain("to_1001");
    // A write past the API (as sqlite3 would make it) reaches the compiled model through the change log trigger too.
    t0.deps.db.update(timeConditions).set({ openType: "extension", openTarget: "1002" }).where(eq(timeConditions.name, "business-hours")).run();
    setNow("2026-12-01T10:00:00+05:00");
    expect(await ask(didCall())).toContain("to_1002");
  });

  test("a schedule written behind the API's back that cannot be read makes the condition missing, never open", async () => {
    const { ask, setNow, deps } = await setup();
    setNow("2026-12-01T10:00:00+05:00");
    deps.db.update(timeConditions).set({ schedule: '{"rules":[{"days":["mon"],"open":"9","close":"x"}]}' }).where(eq(timeConditions.name, "business-hours")).run();
    const xml = await ask(didCall());
    expect(xml).toContain('data="UNALLOCATED_NUMBER"');
    expect(xml).not.toContain("bridge");
  });
});
