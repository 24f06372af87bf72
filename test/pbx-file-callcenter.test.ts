/**
 * A PBX file's queues and agents reach mod_callcenter, as REST changes do:
 * after the commit callboard reads what FreeSWITCH holds and sends what
 * differs. Before this, an apply changed the database and FreeSWITCH kept
 * running the old queues until mod_callcenter was reloaded by hand.
 */
import { describe, expect, test } from "bun:test";
import { parse, stringify } from "yaml";
import { TEST_DOMAIN } from "./support/deps.ts";
import { fakeEsl, ok } from "./live-fake-esl.ts";
import { pbxApp } from "./support/pbx-file.ts";
import { until } from "./support/until.ts";

const AGENT_COLUMNS =
  "name|instance_id|uuid|type|contact|status|state|max_no_answer|wrap_up_time|reject_delay_time|busy_delay_time|no_answer_delay_time|last_bridge_start|last_bridge_end|last_offered_call|last_status_change|no_answer_count|calls_answered|talk_time|ready_time|external_calls_count";
const AGENT_ROW = (ext: string, status: string) =>
  `${ext}|single_box||callback|user/${ext}@${TEST_DOMAIN}|${status}|Waiting|3|10|10|10|10|0|0|0|1796191580|0|0|0|0|0`;
const QUEUE_COLUMNS =
  "name|strategy|moh_sound|time_base_score|tier_rules_apply|tier_rule_wait_second|tier_rule_wait_multiply_level|tier_rule_no_agent_no_wait|discard_abandoned_after|abandoned_resume_allowed|max_wait_time|max_wait_time_with_no_agent|max_wait_time_with_no_agent_time_reached|record_template|calls_answered|calls_abandoned|ring_progressively_delay|skip_agents_with_external_calls|agent_no_answer_status";

/** Two agents in queue support (ring-all), made over REST, with FreeSWITCH holding exactly that. */
async function callCentre() {
  const esl = fakeEsl();
  const pbx = pbxApp({ esl: esl.port });
  for (const number of ["1001", "1002", "1003"]) expect((await pbx.call("POST", "/api/v1/extensions", { number, name: `Operator ${number}` })).status).toBe(201);
  for (const extension of ["1001", "1002"]) expect((await pbx.call("POST", "/api/v1/agents", { extension, status: "Available" })).status).toBe(201);
  const queue = { name: "support", strategy: "ring-all", maxWaitSeconds: 30, agents: [{ agent: "1001" }, { agent: "1002" }], fallback: { type: "extension", target: "1003" } };
  expect((await pbx.call("POST", "/api/v1/queues", queue)).status).toBe(201);
  esl.answers["callcenter_config agent list"] = ok(`${AGENT_COLUMNS}\n${AGENT_ROW("1001", "Available")}\n${AGENT_ROW("1002", "Available")}\n+OK\n`);
  esl.answers["callcenter_config tier list"] = ok("queue|agent|state|level|position\nsupport|1001|Ready|1|1\nsupport|1002|Ready|1|1\n+OK\n");
  esl.answers["callcenter_config queue list"] = ok(
    `${QUEUE_COLUMNS}\nsupport|ring-all|tone_stream://%(2000,4000,440,480);loops=-1|system|false|0|false|true|60|false|30|0|0||0|0|0|true|On Break\n+OK\n`,
  );
  esl.sent.length = 0;
  return { pbx, esl, callcenterCommands: () => esl.sent.map((s) => s.command).filter((c) => c.startsWith("callcenter_config")) };
}

/** The exported file with 1003 made an agent of support in 1002's place. */
async function editedFile(pbx: ReturnType<typeof pbxApp>) {
  const doc = parse(await pbx.exported());
  doc.agents.push({ extension: "1003" });
  doc.queues[0].agents = [{ agent: "1001" }, { agent: "1003" }];
  return stringify(doc);
}

describe("callboard apply and mod_callcenter", () => {
  test("an agent added and a queue's tiers changed in the file are sent to FreeSWITCH after the commit", async () => {
    const { pbx, callcenterCommands } = await callCentre();
    const applied = await pbx.read(await pbx.apply(await editedFile(pbx)));
    expect(applied).toMatchObject({ changed: true, freeswitch: { applied: true } });
    const sent = callcenterCommands();
    // Read what FreeSWITCH holds, drop the tier the file dropped, reload the queue (which loads 1003 from callcenter.conf).
    expect(sent).toEqual([
      "callcenter_config agent list",
      "callcenter_config tier list",
      "callcenter_config queue list",
      "callcenter_config tier del support 1002",
      "callcenter_config queue reload support",
    ]);
  });

  test("with FreeSWITCH away the file is still applied, the answer says pending, and the connect brings FreeSWITCH in step", async () => {
    const { pbx, esl, callcenterCommands } = await callCentre();
    esl.setStatus("disconnected");
    const applied = await pbx.read(await pbx.apply(await editedFile(pbx)));
    expect(applied).toMatchObject({ changed: true, freeswitch: { applied: false, pending: true } });
    expect((await pbx.read(await pbx.call("GET", "/api/v1/queues/support"))).agents.map((t: { agent: string }) => t.agent)).toEqual(["1001", "1003"]);
    esl.sent.length = 0;
    esl.setStatus("connected");
    await until("the connect reloaded support", () => callcenterCommands().includes("callcenter_config queue reload support"));
    expect(callcenterCommands()).toContain("callcenter_config tier del support 1002");
  });

  test("a file that changes no queue or agent sends mod_callcenter nothing", async () => {
    const { pbx, callcenterCommands } = await callCentre();
    const doc = parse(await pbx.exported());
    doc.extensions.find((e: { number: string }) => e.number === "1003").name = "Supervisor";
    const applied = await pbx.read(await pbx.apply(stringify(doc)));
    expect(applied).toMatchObject({ changed: true, freeswitch: null });
    expect(callcenterCommands()).toEqual([]);
  });
});
