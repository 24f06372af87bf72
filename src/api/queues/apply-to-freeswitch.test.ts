import { expect, test } from "bun:test";
import { fakeEsl, ok } from "../../../test/live-fake-esl.ts";
import { apiReply } from "../../../test/support/esl-transcript.ts";
import type { EslResult } from "../../esl/port.ts";
import { createLogger } from "../../log.ts";
import type { AgentRow, QueueRow } from "../../pbx/queues.ts";
import { callcenterCommands as cc, createCallcenterApplier } from "./apply-to-freeswitch.ts";

const log = createLogger("silent");
const LISTS = {
  "callcenter_config agent list": ok(apiReply("api_callcenter_config_agent_list")),
  "callcenter_config tier list": ok(apiReply("api_callcenter_config_tier_list")),
  "callcenter_config queue list": ok(apiReply("api_callcenter_config_queue_list_support")),
};
const timeout: EslResult = { ok: false, kind: "timeout", message: "no reply in 5000 ms" };
const support: QueueRow = {
  name: "support",
  strategy: "longest-idle-agent",
  musicOnHold: null,
  maxWaitSeconds: 40,
  noAgentMaxWaitSeconds: 0,
  fallback: { type: "hangup", target: "NO_ANSWER" },
  tiers: [
    { agent: "1001", level: 1, position: 1 },
    { agent: "1002", level: 2, position: 1 },
  ],
  enabled: true,
};

/** The database as test/freeswitch left FreeSWITCH, except that 1001 is now Available; retries run when the test says. */
function setup(answers: Record<string, EslResult> = {}, initial: "connected" | "disconnected" = "connected") {
  const esl = fakeEsl({ ...LISTS, ...answers }, initial);
  const agents: AgentRow[] = [
    { extension: "1001", status: "Available", wrapUpSeconds: 0, maxNoAnswer: 3 },
    { extension: "1002", status: "Logged Out", wrapUpSeconds: 10, maxNoAnswer: 3 },
  ];
  const retries: (() => void)[] = [];
  const applier = createCallcenterApplier({
    esl: esl.port,
    log,
    wanted: () => ({ queues: [support], agents, domain: "pbx.test" }),
    schedule: (run) => {
      const once = () => (retries.splice(retries.indexOf(once), 1), run());
      retries.push(once);
      return () => void retries.splice(retries.indexOf(once), 1);
    },
  });
  const sent = () => esl.sent.map((s) => s.command);
  const settle = () => applier.reconcile();
  return { esl, applier, retries, sent, settle };
}

/** The fake answers at once: a few turns of the event loop let a reconcile started by a timer or a connect finish. */
async function drained() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

const SET_1001 = "callcenter_config agent set status 1001 'Available'";
const READ = ["callcenter_config agent list", "callcenter_config tier list", "callcenter_config queue list"];

test("a command timed out on a live link is pending; the retry reconciles and sends what FreeSWITCH lacks", async () => {
  const { esl, applier, retries, sent } = setup({ [SET_1001]: timeout });
  expect(await applier.run([cc.setStatus("1001", "Available")])).toEqual({ applied: false, error: "timeout: no reply in 5000 ms", pending: true });
  expect(retries).toHaveLength(1);
  delete esl.answers[SET_1001];
  esl.sent.length = 0;
  retries[0]!();
  await drained();
  expect(sent()).toEqual([...READ, SET_1001]);
  expect(retries).toHaveLength(0);
});

test("a reconcile that fails stays owed and is retried while the link is up, until FreeSWITCH takes it", async () => {
  const { esl, retries, sent, settle } = setup({ [SET_1001]: { ok: false, kind: "error", message: "Agent not found!" } });
  expect(await settle()).toBe(false);
  expect(retries).toHaveLength(1);
  retries[0]!();
  expect(await settle()).toBe(false);
  expect(retries).toHaveLength(1);
  delete esl.answers[SET_1001];
  esl.sent.length = 0;
  expect(await settle()).toBe(true);
  expect(sent()).toEqual([...READ, SET_1001]);
  expect(retries).toHaveLength(0);
});

test("FreeSWITCH away: the change is pending, no retry timer runs, and the next connect reconciles", async () => {
  const { esl, applier, retries, sent } = setup();
  esl.setStatus("disconnected");
  expect(await applier.run([cc.setStatus("1001", "Available")])).toMatchObject({ applied: false, pending: true });
  expect(retries).toHaveLength(0);
  esl.sent.length = 0;
  esl.setStatus("connected");
  await drained();
  expect(sent()).toEqual([...READ, SET_1001]);
});

test("every connect reconciles, owed or not: callboard's own start finds FreeSWITCH as it left it", async () => {
  const { esl, sent } = setup({}, "disconnected");
  esl.setStatus("connected");
  await drained();
  expect(sent()).toEqual([...READ, SET_1001]);
});

test("a stored value unsafe on the event socket refuses the whole list, nothing is sent and nothing is owed", async () => {
  const { applier, retries, sent } = setup();
  const result = await applier.run([cc.reloadQueue("support"), cc.delTier("support", "1001\n\napi hupall")]);
  expect(result).toEqual({ applied: false, error: 'unsafe value: agent "1001\\n\\napi hupall"' });
  expect(sent()).toEqual([]);
  expect(retries).toHaveLength(0);
  expect(cc.setStatus("1001", "Asleep" as "Available")).toEqual({ unsafe: 'status "Asleep"' });
  expect(cc.unloadQueue("Support Desk")).toEqual({ unsafe: 'queue "Support Desk"' });
});

test("a REST change waits for a reconcile in flight, so the reconcile's older reading cannot undo it", async () => {
  let release: (r: EslResult) => void = () => {};
  const { esl, applier, sent } = setup();
  esl.answers["callcenter_config agent list"] = () => new Promise<EslResult>((r) => (release = r));
  const reconciling = applier.reconcile();
  const change = applier.run([cc.setStatus("1002", "On Break")]);
  await drained();
  expect(sent()).toEqual(READ);
  release(LISTS["callcenter_config agent list"]);
  expect(await reconciling).toBe(true);
  expect(await change).toEqual({ applied: true });
  expect(sent()).toEqual([...READ, SET_1001, "callcenter_config agent set status 1002 'On Break'"]);
});

test("agent del goes out as bgapi, so every event socket client sees its BACKGROUND_JOB", async () => {
  const { esl, applier } = setup();
  expect(await applier.run([cc.delAgent("1002")])).toEqual({ applied: true });
  expect(esl.sent.at(-1)).toMatchObject({ kind: "bgapi", command: "callcenter_config agent del 1002" });
});

test("a reconcile that left out a stored value unsafe on the event socket sends the rest but does not report success, and schedules no retry", async () => {
  const esl = fakeEsl(LISTS);
  const retries: (() => void)[] = [];
  const agents: AgentRow[] = [
    { extension: "1001", status: "Available", wrapUpSeconds: 0, maxNoAnswer: 3 },
    { extension: "1002", status: "Logged Out", wrapUpSeconds: 10, maxNoAnswer: 3 },
    { extension: "1003 x", status: "Available", wrapUpSeconds: 0, maxNoAnswer: 3 },
  ];
  const applier = createCallcenterApplier({
    esl: esl.port,
    log,
    wanted: () => ({ queues: [support], agents, domain: "pbx.test" }),
    schedule: (run) => (retries.push(run), () => {}),
  });
  expect(await applier.reconcile()).toBe(false);
  expect(esl.sent.map((s) => s.command)).toEqual([...READ, SET_1001]);
  expect(retries).toHaveLength(0);
});
