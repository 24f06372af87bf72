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

/**
 * `sofia status profile internal` has a `TLS-BIND-URL` line only when the
 * profile listens for TLS (mod_sofia.c), e.g.
 * `sips:mod_sofia@192.168.1.5:5061;transport=tls`.
 */
export function judgeSofiaTls(reply: string, wantPort: number): SofiaCheck {
  const check = "sip tls listener";
  const url = /^TLS-BIND-URL\s+(\S+)/m.exec(reply)?.[1];
  if (!url) {
    return {
      status: "fail",
      check,
      detail: `profile internal runs without TLS: FreeSWITCH loaded it before CALLBOARD_SIP_TLS=on, or TLS failed to start (see its log); \`fs_cli -x 'sofia profile internal restart'\``,
    };
  }
  const port = Number(/^sips?:[^;]*:(\d+)(?:;|$)/.exec(url)?.[1]);
  if (port !== wantPort) return { status: "fail", check, detail: `profile internal listens for TLS at ${url}, not port ${wantPort}: restart the profile` };
  return { status: "ok", check, detail: `profile internal listens for TLS at ${url}` };
}

/**
 * One short-lived connection, no event subscription; `not checked` when the
 * event socket cannot be used. With `tlsPort`, the internal profile's TLS
 * listener is asked about too.
 */
export async function checkSofia(esl: { host: string; port: number; password: string }, timeoutMs: number, tlsPort?: number): Promise<SofiaCheck[]> {
  const notChecked = (why: string): SofiaCheck[] => sofiaCheckNames(tlsPort).map((check) => ({ status: "warn" as const, check, detail: `not checked: ${why}` }));
  if (/\s/.test(esl.password)) return notChecked("the event socket refused doctor");
  const opened = await openEslConnection({ ...esl, events: [], stepTimeoutMs: timeoutMs, onEvent: () => {} });
  if (!opened.ok) return notChecked("the event socket refused doctor");
  let reply: EslResult;
  let profile: EslResult | undefined;
  try {
    reply = await opened.connection.api("sofia status", timeoutMs);
    if (tlsPort !== undefined) profile = await opened.connection.api("sofia status profile internal", timeoutMs);
  } finally {
    opened.connection.close();
  }
  if (!reply.ok) return notChecked(`sofia status failed (${reply.message})`);
  const tls: SofiaCheck[] = !profile || tlsPort === undefined ? [] : profile.ok ? [judgeSofiaTls(profile.value, tlsPort)] : [{ status: "warn", check: "sip tls listener", detail: `not checked: ${profile.message}` }];
  return [...judgeSofia(reply.value), ...tls];
}

/** The lines checkSofia gives: the TLS listener's only when TLS is on. */
export const sofiaCheckNames = (tlsPort?: number) => ["sip profiles", "gateways", ...(tlsPort === undefined ? [] : ["sip tls listener"])];
