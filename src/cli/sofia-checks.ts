/**
 * doctor's look at FreeSWITCH's SIP side, asked over the event socket with
 * `api sofia status` (reads only): are both profiles running, and what
 * state is each gateway in, as FreeSWITCH itself says.
 */
import type { EslResult } from "../esl/port.ts";
import { openEslConnection } from "../esl/esl-connection.ts";

export type SofiaCheck = { status: "ok" | "warn" | "fail"; check: string; detail: string };
type Row = { name: string; type: string; state: string };

/** The rows of `sofia status`: tab-separated `Name Type Data State` between two rules of `=`. */
export function sofiaStatusRows(reply: string): Row[] | undefined {
  if (!/^\s*Name\t\s*Type\t/m.test(reply)) return undefined;
  return reply
    .split("\n")
    .map((line) => line.split("\t").map((cell) => cell.trim()))
    .filter((cells) => cells.length === 4 && cells[1] !== "Type")
    .map(([name = "", type = "", , state = ""]) => ({ name, type, state }));
}

const PROFILES = ["internal", "external"];
/** A gateway that registers is fine when REGED; one that does not (register=false) shows NOREG. */
const GATEWAY_OK = new Set(["REGED", "NOREG"]);

export function judgeSofia(reply: string): SofiaCheck[] {
  const rows = sofiaStatusRows(reply);
  if (!rows) return [{ status: "fail", check: "sip profiles", detail: `unexpected answer to sofia status: ${reply.slice(0, 80)}` }];
  const profiles = PROFILES.map((name) => ({ name, row: rows.find((r) => r.type === "profile" && r.name === name) }));
  const down = profiles.filter((p) => !p.row?.state.startsWith("RUNNING"));
  const profileCheck: SofiaCheck = down.length
    ? {
        status: "fail",
        check: "sip profiles",
        detail: `${down.map((p) => `${p.name} ${p.row ? p.row.state : "not loaded"}`).join(", ")}: FreeSWITCH gets sofia.conf from callboard (xml_curl binds configuration); see its log, then \`fs_cli -x 'sofia profile ${down[0]!.name} start'\``,
      }
    : { status: "ok", check: "sip profiles", detail: profiles.map((p) => `${p.name} ${p.row!.state}`).join(", ") };

  const gateways = rows.filter((r) => r.type === "gateway").map((r) => ({ name: r.name.split("::").at(-1)!, state: r.state }));
  const bad = gateways.filter((g) => !GATEWAY_OK.has(g.state));
  const list = (gs: typeof gateways) => gs.map((g) => `${g.name} ${g.state}`).join(", ");
  const gatewayCheck: SofiaCheck =
    gateways.length === 0
      ? { status: "ok", check: "gateways", detail: "FreeSWITCH has no gateway (none configured, or sofia.conf not loaded)" }
      : bad.length
        ? { status: "warn", check: "gateways", detail: `${list(bad)}${bad.length < gateways.length ? `; fine: ${list(gateways.filter((g) => GATEWAY_OK.has(g.state)))}` : ""} (GET /api/v1/gateways/NAME/status has the last SIP answer)` }
        : { status: "ok", check: "gateways", detail: list(gateways) };
  return [profileCheck, gatewayCheck];
}

/** One short-lived connection, no event subscription; `not checked` when the event socket cannot be used. */
export async function checkSofia(esl: { host: string; port: number; password: string }, timeoutMs: number): Promise<SofiaCheck[]> {
  const notChecked = (why: string): SofiaCheck[] => ["sip profiles", "gateways"].map((check) => ({ status: "warn" as const, check, detail: `not checked: ${why}` }));
  if (/\s/.test(esl.password)) return notChecked("the event socket refused doctor");
  const opened = await openEslConnection({ ...esl, events: [], stepTimeoutMs: timeoutMs, onEvent: () => {} });
  if (!opened.ok) return notChecked("the event socket refused doctor");
  let reply: EslResult;
  try {
    reply = await opened.connection.api("sofia status", timeoutMs);
  } finally {
    opened.connection.close();
  }
  return reply.ok ? judgeSofia(reply.value) : notChecked(`sofia status failed (${reply.message})`);
}
