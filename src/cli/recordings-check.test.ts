import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { datedFolder } from "../pbx/recording-path.ts";
import { fakeEventSocket, installDirs, PASSWORD } from "../../test/support/doctor-fixtures.ts";
import { runChecks } from "./doctor.ts";
import type { Account } from "./freeswitch-account.ts";
import { checkRecordingsDir, judgeRecordingsWalk, permits, walkOf } from "./recordings-check.ts";

const root = mkdtempSync(join(tmpdir(), "callboard-reccheck-"));
chmodSync(root, 0o711);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const NOW = new Date(2026, 10, 22, 10, 0);
const myGid = process.getgid!();
/** FreeSWITCH as another user that shares callboard's group, as the packaged install sets it up. */
const freeswitch: Account = { user: "freeswitch", uid: 4242, gids: [myGid], group: "freeswitch", source: "/etc/passwd" };
const stranger: Account = { ...freeswitch, gids: [4243] };

let n = 0;
function recordingsDir(mode: number, parentMode = 0o711): { dir: string; dataDir: string } {
  const parent = join(root, `install-${n++}`);
  mkdirSync(join(parent, "recordings"), { recursive: true });
  chmodSync(parent, parentMode);
  chmodSync(join(parent, "recordings"), mode);
  return { dir: join(parent, "recordings"), dataDir: join(parent, "data") };
}
const judge = (dir: string, dataDir: string, account = freeswitch) =>
  judgeRecordingsWalk({ recordingsDir: dir, dataDir }, account, walkOf(dir, NOW)!);

describe("can FreeSWITCH write the recordings directory", () => {
  test("a setgid, group-writable directory in FreeSWITCH's group passes", () => {
    const { dir, dataDir } = recordingsDir(0o2770);
    expect(judge(dir, dataDir)).toEqual({ status: "ok", detail: expect.stringContaining(`can write ${dir} (mode 2770`) });
  });

  test("a parent FreeSWITCH cannot enter fails, naming it and the fix", () => {
    const { dir, dataDir } = recordingsDir(0o2770, 0o700);
    const parent = join(dir, "..");
    expect(judge(dir, dataDir)).toEqual({ status: "fail", detail: expect.stringContaining(`cannot enter ${join(parent)} (mode 0700`) });
    expect(judge(dir, dataDir).detail).toEndWith(`chmod o+x ${join(parent)}`);
  });

  test("a directory outside FreeSWITCH's groups fails with the chgrp and chmod to run", () => {
    const { dir, dataDir } = recordingsDir(0o2775);
    expect(judge(dir, dataDir, stranger)).toEqual({
      status: "fail",
      detail: expect.stringMatching(new RegExp(`cannot write ${dir} \\(mode 2775, .*\\): chgrp freeswitch ${dir} && chmod 2770 ${dir}$`)),
    });
  });

  test("today's dated folder counts: FreeSWITCH writes into it", () => {
    const { dir, dataDir } = recordingsDir(0o2770);
    const today = join(dir, datedFolder(NOW));
    mkdirSync(today, { recursive: true });
    chmodSync(today, 0o755);
    expect(judge(dir, dataDir)).toMatchObject({ status: "fail", detail: expect.stringContaining(`cannot write ${today} `) });
    chmodSync(today, 0o2770);
    expect(judge(dir, dataDir).status).toBe("ok");
  });

  test("without the setgid bit it is a warning: new folders would lose the group", () => {
    const { dir, dataDir } = recordingsDir(0o770);
    expect(judge(dir, dataDir)).toEqual({ status: "warn", detail: expect.stringContaining(`chmod g+s ${dir}`) });
  });

  test("recordings kept in the 0700 data dir fail with the way out", () => {
    const { dir } = recordingsDir(0o2770, 0o700);
    expect(judge(dir, join(dir, "..")).detail).toContain("move them out of it (docs/recordings.md");
  });

  test("FreeSWITCH running as root can write anywhere", () => {
    const { dir, dataDir } = recordingsDir(0o2700, 0o700);
    expect(judge(dir, dataDir, { ...freeswitch, uid: 0 }).status).toBe("ok");
    expect(judge(dir, dataDir).status).toBe("fail");
  });
});

test("permission bits are read as the kernel does: the owner's bits alone when the uid matches", () => {
  const node = { path: "/x", mode: 0o077, uid: 4242, gid: myGid };
  expect(permits(freeswitch, node, 3)).toBe(false);
  expect(permits({ uid: 1, gids: [myGid] }, node, 3)).toBe(true);
  expect(permits({ uid: 1, gids: [] }, { ...node, mode: 0o070 }, 1)).toBe(false);
});

describe("checkRecordingsDir", () => {
  const hostWith = (passwd: string) => {
    const dir = mkdtempSync(join(root, "host-"));
    writeFileSync(join(dir, "passwd"), passwd);
    writeFileSync(join(dir, "group"), `freeswitch:x:${myGid}:\n`);
    mkdirSync(join(dir, "proc"));
    return { passwd: join(dir, "passwd"), group: join(dir, "group"), proc: join(dir, "proc") };
  };
  const config = (dir: string) => ({ recordingsDir: dir, dataDir: join(dir, "../data"), recordingsInDataDir: false }) as Parameters<typeof checkRecordingsDir>[0];

  test("a directory that does not exist yet is a warning: serve creates it", () => {
    expect(checkRecordingsDir(config(join(root, "nowhere/recordings")), hostWith(""))).toMatchObject({ status: "warn", detail: expect.stringContaining("`callboard serve` creates it") });
  });

  test("without a freeswitch account or process there is nothing to judge by: a warning", () => {
    const { dir } = recordingsDir(0o2770);
    expect(checkRecordingsDir(config(dir), hostWith("root:x:0:0::/root:/bin/sh\n")).status).toBe("warn");
  });

  test("the freeswitch account from /etc/passwd is the one judged", () => {
    const { dir } = recordingsDir(0o2770);
    expect(checkRecordingsDir(config(dir), hostWith(`freeswitch:x:4242:${myGid}::/var/lib/freeswitch:/bin/false\n`), NOW).status).toBe("ok");
    expect(checkRecordingsDir(config(dir), hostWith("freeswitch:x:4242:4243::/var/lib/freeswitch:/bin/false\n"), NOW).status).toBe("fail");
  });
});

describe("callboard doctor", () => {
  const { healthyDataDir, healthyRecordings, removeAll } = installDirs();
  let esl: Awaited<ReturnType<typeof fakeEventSocket>>;
  beforeAll(async () => {
    esl = await fakeEventSocket(PASSWORD);
  });
  afterAll(() => {
    esl.close();
    removeAll();
  });

  test("a recordings directory FreeSWITCH cannot write is a failure that gives the command to run", async () => {
    const recordings = healthyRecordings(0o755);
    const env = { CALLBOARD_DATA_DIR: healthyDataDir(), CALLBOARD_RECORDINGS_DIR: recordings.dir, CALLBOARD_HTTP_PORT: "0", CALLBOARD_ESL_PORT: String(esl.port) };
    const results = await runChecks(env, 3000, recordings.host);
    expect(results.find((r) => r.check === "recordings")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining(`chgrp ${process.getgid!()} ${recordings.dir} && chmod 2770 ${recordings.dir}`),
    });
  });
});
