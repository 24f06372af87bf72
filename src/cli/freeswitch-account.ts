/**
 * Who FreeSWITCH writes files as. A running `freeswitch` process says it
 * exactly (/proc/<pid>/status: the filesystem uid and gid, and every
 * supplementary group); without one, the `freeswitch` account in /etc/passwd
 * and /etc/group, which is what the packages and the unit files run it as.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type Account = { user: string; uid: number; gids: number[]; group: string; source: string };
export type HostFiles = { passwd: string; group: string; proc: string };
export const HOST_FILES: HostFiles = { passwd: "/etc/passwd", group: "/etc/group", proc: "/proc" };

export const FREESWITCH = "freeswitch";

type PasswdEntry = { name: string; uid: number; gid: number };
type GroupEntry = { name: string; gid: number; members: string[] };

export function parsePasswd(text: string): PasswdEntry[] {
  return text.split("\n").flatMap((line) => {
    const [name, , uid, gid] = line.split(":");
    return name && /^\d+$/.test(uid ?? "") && /^\d+$/.test(gid ?? "") ? [{ name, uid: Number(uid), gid: Number(gid) }] : [];
  });
}

export function parseGroups(text: string): GroupEntry[] {
  return text.split("\n").flatMap((line) => {
    const [name, , gid, members = ""] = line.split(":");
    return name && /^\d+$/.test(gid ?? "") ? [{ name, gid: Number(gid), members: members.split(",").filter(Boolean) }] : [];
  });
}

/** `Uid:`/`Gid:` list real, effective, saved and filesystem ids; files are opened with the last. */
export function parseProcStatus(text: string): { uid: number; gid: number; groups: number[] } | undefined {
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "m").exec(text)?.[1]?.trim().split(/\s+/).filter(Boolean).map(Number);
  const uid = field("Uid")?.[3];
  const gid = field("Gid")?.[3];
  if (uid === undefined || gid === undefined || Number.isNaN(uid) || Number.isNaN(gid)) return undefined;
  return { uid, gid, groups: (field("Groups") ?? []).filter((g) => !Number.isNaN(g)) };
}

const read = (path: string) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
};

function runningFreeswitch(proc: string): { pid: string; status: string } | undefined {
  let pids: string[];
  try {
    pids = readdirSync(proc).filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    if (read(join(proc, pid, "comm")).trim() === FREESWITCH) return { pid, status: read(join(proc, pid, "status")) };
  }
  return undefined;
}

export function groupId(name: string, host: HostFiles = HOST_FILES): number | undefined {
  return parseGroups(read(host.group)).find((g) => g.name === name)?.gid;
}

export function groupName(gid: number, host: HostFiles = HOST_FILES): string {
  return parseGroups(read(host.group)).find((g) => g.gid === gid)?.name ?? String(gid);
}

export function findFreeswitchAccount(host: HostFiles = HOST_FILES): Account | undefined {
  const users = parsePasswd(read(host.passwd));
  const groups = parseGroups(read(host.group));

  const running = runningFreeswitch(host.proc);
  const ids = running && parseProcStatus(running.status);
  if (running && ids) {
    const user = users.find((u) => u.uid === ids.uid)?.name ?? `uid ${ids.uid}`;
    const gids = [...new Set([ids.gid, ...ids.groups])];
    return { user, uid: ids.uid, gids, group: groupName(ids.gid, host), source: `running process ${running.pid}` };
  }
  const account = users.find((u) => u.name === FREESWITCH);
  if (!account) return undefined;
  const gids = [...new Set([account.gid, ...groups.filter((g) => g.members.includes(FREESWITCH)).map((g) => g.gid)])];
  return { user: FREESWITCH, uid: account.uid, gids, group: groupName(account.gid, host), source: host.passwd };
}
