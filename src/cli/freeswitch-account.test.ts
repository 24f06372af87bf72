import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreeswitchAccount, groupId, type HostFiles, parseProcStatus } from "./freeswitch-account.ts";

const root = mkdtempSync(join(tmpdir(), "callboard-account-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PASSWD = "root:x:0:0:root:/root:/bin/bash\nfreeswitch:x:998:997:FreeSWITCH:/var/lib/freeswitch:/usr/sbin/nologin\ncallboard:x:1001:1001::/home/callboard:/bin/sh\n";
const GROUP = "root:x:0:\nfreeswitch:x:997:callboard\naudio:x:29:freeswitch\ncallboard:x:1001:\n";

/** A fake /etc and /proc; `procs` maps a pid to its comm and status. */
function host(name: string, procs: Record<string, { comm: string; status: string }> = {}): HostFiles {
  const dir = join(root, name);
  mkdirSync(join(dir, "proc"), { recursive: true });
  writeFileSync(join(dir, "passwd"), PASSWD);
  writeFileSync(join(dir, "group"), GROUP);
  for (const [pid, p] of Object.entries(procs)) {
    mkdirSync(join(dir, "proc", pid));
    writeFileSync(join(dir, "proc", pid, "comm"), `${p.comm}\n`);
    writeFileSync(join(dir, "proc", pid, "status"), p.status);
  }
  return { passwd: join(dir, "passwd"), group: join(dir, "group"), proc: join(dir, "proc") };
}

const status = (uid: string, gid: string, groups: string) => `Name:\tfreeswitch\nUid:\t${uid}\nGid:\t${gid}\nGroups:\t${groups}\n`;

test("without a running FreeSWITCH, the freeswitch account and every group that lists it", () => {
  expect(findFreeswitchAccount(host("accounts"))).toEqual({ user: "freeswitch", uid: 998, gids: [997, 29], group: "freeswitch", source: join(root, "accounts/passwd") });
});

test("a running freeswitch process wins: its filesystem ids and supplementary groups", () => {
  const h = host("running", {
    "12": { comm: "bash", status: status("0\t0\t0\t0", "0\t0\t0\t0", "") },
    "4242": { comm: "freeswitch", status: status("0\t1001\t1001\t1001", "0\t1001\t1001\t1001", "997 29 ") },
  });
  expect(findFreeswitchAccount(h)).toEqual({ user: "callboard", uid: 1001, gids: [1001, 997, 29], group: "callboard", source: "running process 4242" });
});

test("no process and no account: nothing to judge by", () => {
  const h = host("none");
  writeFileSync(h.passwd, "root:x:0:0::/root:/bin/sh\n");
  expect(findFreeswitchAccount(h)).toBeUndefined();
});

test("group ids by name; /proc status lines parsed by position", () => {
  expect(groupId("freeswitch", host("groups"))).toBe(997);
  expect(groupId("nosuch", host("groups"))).toBeUndefined();
  expect(parseProcStatus("Uid:\t1\t2\t3\t4\nGid:\t5\t6\t7\t8\nGroups:\n")).toEqual({ uid: 4, gid: 8, groups: [] });
  expect(parseProcStatus("Name:\tx\n")).toBeUndefined();
});
