import { describe, expect, test } from "bun:test";
import { frameBytes } from "../../test/support/esl-transcript.ts";
import { createCommandQueue } from "./command-queue.ts";
import { splitFrames, type EslFrame } from "./frame-parser.ts";

const frame = (name: string): EslFrame => splitFrames(frameBytes(name))[0]!;
const apiResponse = (body: string): EslFrame => splitFrames(Buffer.from(`Content-Type: api/response\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}`))[0]!;
const jobAccepted = (job: string): EslFrame =>
  splitFrames(Buffer.from(`Content-Type: command/reply\nReply-Text: +OK Job-UUID: ${job}\nJob-UUID: ${job}\n\n`))[0]!;
const LOST = { ok: false, kind: "disconnected", message: "gone" } as const;

function queue() {
  const written: string[] = [];
  return { written, queue: createCommandQueue((text) => written.push(text)) };
}

describe("matching FreeSWITCH's replies to the commands sent", () => {
  test("each command is written as one line and a blank line", () => {
    const { written, queue: q } = queue();
    void q.send("command", "auth ClueCon", 1_000);
    void q.send("api", "show channels as json", 1_000);
    void q.send("bgapi", "originate user/1001 &park()", 1_000);
    expect(written).toEqual(["auth ClueCon\n\n", "api show channels as json\n\n", "bgapi originate user/1001 &park()\n\n"]);
    q.failAll(LOST);
  });

  test("replies are taken first in, first out, whatever mix of commands is waiting", async () => {
    const { queue: q } = queue();
    const auth = q.send("command", "auth ClueCon", 1_000);
    const channels = q.send("api", "show channels as json", 1_000);
    const transfer = q.send("api", "uuid_transfer x 1002", 1_000);
    q.reply(frame("auth_ok_command_reply"));
    q.reply(frame("api_show_channels_json_idle"));
    q.reply(frame("api_uuid_transfer_unknown_uuid"));
    expect(await Promise.all([auth, channels, transfer])).toEqual([
      { ok: true, value: "+OK accepted" },
      { ok: true, value: '{"row_count": 0}\n' },
      { ok: false, kind: "error", message: "No such channel!" },
    ]);
  });

  test("a command that timed out keeps its place, so its late reply is not handed to the next one", async () => {
    const { queue: q } = queue();
    const slow = q.send("api", "slow", 10);
    const next = q.send("api", "status", 1_000);
    expect(await slow).toMatchObject({ ok: false, kind: "timeout" });
    q.reply(apiResponse("late\n"));
    q.reply(apiResponse("UP\n"));
    expect(await next).toEqual({ ok: true, value: "UP\n" });
  });

  test("bgapi ends with its own job's text, in whatever order the jobs finish; other jobs are ignored", async () => {
    const { queue: q } = queue();
    const first = q.send("bgapi", "originate a", 1_000);
    const second = q.send("bgapi", "originate b", 1_000);
    q.reply(jobAccepted("job-a"));
    q.reply(jobAccepted("job-b"));
    q.jobDone("someone-elses-job", "+OK not ours\n");
    q.jobDone("job-b", "-ERR NO_ROUTE_DESTINATION\n");
    q.jobDone("job-a", "+OK 5a8f7a8e\n");
    expect(await Promise.all([first, second])).toEqual([
      { ok: true, value: "+OK 5a8f7a8e\n" },
      { ok: false, kind: "error", message: "NO_ROUTE_DESTINATION" },
    ]);
  });

  test("a bgapi FreeSWITCH refuses outright ends with the reply's error", async () => {
    const { queue: q } = queue();
    const refused = q.send("bgapi", "originate a", 1_000);
    q.reply(splitFrames(Buffer.from("Content-Type: command/reply\nReply-Text: -ERR permission denied\n\n"))[0]!);
    expect(await refused).toEqual({ ok: false, kind: "error", message: "permission denied" });
  });

  test("a lost connection ends every waiting command, jobs included, and every later one, without writing it", async () => {
    const { written, queue: q } = queue();
    const api = q.send("api", "status", 1_000);
    const job = q.send("bgapi", "originate a", 1_000);
    q.reply(apiResponse("UP\n"));
    q.reply(jobAccepted("job-a"));
    const waiting = q.send("api", "show calls", 1_000);
    q.failAll(LOST);
    q.jobDone("job-a", "+OK too late\n");
    expect(await Promise.all([api, job, waiting])).toEqual([{ ok: true, value: "UP\n" }, LOST, LOST]);
    expect(await q.send("api", "status", 1_000)).toEqual(LOST);
    expect(written).toHaveLength(3);
  });
});
