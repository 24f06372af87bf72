/**
 * `callboard doctor`'s recordings check: can FreeSWITCH's user reach and
 * write the recordings directory, and today's dated folder if it exists?
 * record_session fails silently when it cannot, so this is judged ahead of
 * any call, from the modes, owners and groups on the way down, as the kernel
 * would (owner bits if the uid matches, else group bits if any gid does, else
 * the rest; root passes).
 */
import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Config } from "../config.ts";
import { datedFolder } from "../pbx/recording-path.ts";
import { type Account, findFreeswitchAccount, HOST_FILES, type HostFiles } from "./freeswitch-account.ts";

export type PathNode = { path: string; mode: number; uid: number; gid: number };
type Step = { node: PathNode; want: number };
type Verdict = { status: "ok" | "warn" | "fail"; detail: string };

const EXECUTE = 1;
const WRITE = 2;
const SETGID = 0o2000;

export function permits(account: Pick<Account, "uid" | "gids">, node: PathNode, want: number): boolean {
  if (account.uid === 0) return true;
  const shift = node.uid === account.uid ? 6 : account.gids.includes(node.gid) ? 3 : 0;
  return ((node.mode >> shift) & want) === want;
}

const modeText = (node: PathNode) => `mode ${(node.mode & 0o7777).toString(8).padStart(4, "0")}, owner ${node.uid}:${node.gid}`;

function inspect(path: string): PathNode | undefined {
  try {
    const st = statSync(path);
    return st.isDirectory() ? { path, mode: st.mode, uid: st.uid, gid: st.gid } : undefined;
  } catch {
    return undefined;
  }
}

/** Every parent of `dir`, from the root down: FreeSWITCH needs to search each. */
function parentsOf(dir: string): string[] {
  const parents: string[] = [];
  for (let p = dirname(dir); ; p = dirname(p)) {
    parents.unshift(p);
    if (p === dirname(p)) return parents;
  }
}

/**
 * The way FreeSWITCH walks to write a recording made now: search every parent
 * and every existing level of `<dir>/YYYY/MM/DD`, and write into the deepest
 * one (it creates the levels below with mkdir -p). Undefined when a parent
 * cannot be inspected or the directory does not exist.
 */
export function walkOf(dir: string, now: Date): Step[] | undefined {
  const steps: Step[] = [];
  for (const parent of parentsOf(dir)) {
    const node = inspect(parent);
    if (!node) return undefined;
    steps.push({ node, want: EXECUTE });
  }
  let path = dir;
  let deepest = inspect(dir);
  if (!deepest) return undefined;
  for (const level of datedFolder(now).split("/")) {
    const next = inspect(join(path, level));
    if (!next) break;
    steps.push({ node: deepest, want: EXECUTE });
    path = join(path, level);
    deepest = next;
  }
  steps.push({ node: deepest, want: WRITE | EXECUTE });
  return steps;
}

export function judgeRecordingsWalk(config: Pick<Config, "recordingsDir" | "dataDir">, account: Account, steps: Step[]): Verdict {
  const who = `FreeSWITCH (user ${account.user}, from ${account.source})`;
  const blocked = steps.find((s) => !permits(account, s.node, s.want));
  if (blocked?.want === EXECUTE && blocked.node.path === config.dataDir) {
    return {
      status: "fail",
      detail: `${who} cannot enter the data dir ${config.dataDir}, which holds the recordings: move them out of it (docs/recordings.md, "Recordings in the data dir")`,
    };
  }
  if (blocked?.want === EXECUTE) {
    return { status: "fail", detail: `${who} cannot enter ${blocked.node.path} (${modeText(blocked.node)}): chmod o+x ${blocked.node.path}` };
  }
  if (blocked) {
    const { path } = blocked.node;
    return { status: "fail", detail: `${who} cannot write ${path} (${modeText(blocked.node)}): chgrp ${account.group} ${path} && chmod 2770 ${path}` };
  }
  const top = steps.find((s) => s.node.path === config.recordingsDir)?.node;
  if (top && !(top.mode & SETGID)) {
    return {
      status: "warn",
      detail: `${who} can write ${top.path}, but without the setgid bit the folders in it lose their group (${modeText(top)}): chmod g+s ${top.path}`,
    };
  }
  return { status: "ok", detail: `${who} can write ${config.recordingsDir}${top ? ` (${modeText(top)})` : ""}` };
}

export function checkRecordingsDir(config: Config, host: HostFiles = HOST_FILES, now = new Date()): Verdict {
  const dir = config.recordingsDir;
  const inDataDir = config.recordingsInDataDir ? " It is the data dir's recordings folder, kept for the recordings already there." : "";
  if (!inspect(dir)) {
    return { status: "warn", detail: `${dir} does not exist yet: \`callboard serve\` creates it (mode 2770, group freeswitch if that group exists)` };
  }
  const account = findFreeswitchAccount(host);
  if (!account) {
    return { status: "warn", detail: `no freeswitch user or running freeswitch process: cannot tell whether FreeSWITCH can write ${dir}.${inDataDir}` };
  }
  const steps = walkOf(dir, now);
  if (!steps) return { status: "warn", detail: `cannot inspect every folder above ${dir} from this user: run doctor as root` };
  const verdict = judgeRecordingsWalk(config, account, steps);
  return { ...verdict, detail: verdict.detail + inDataDir };
}
