/** A populated PBX and a way to speak the config API, for the PBX-file tests. */
import type { EslPort, EslResult } from "../../src/esl/port.ts";
import { testApp } from "./deps.ts";

export const BELLUZ_PASSWORD = "belluz-S3cret-pass";
export const UZTELECOM_PASSWORD = "uzt-Pr0vider-pass";

/** An ESL port that records every api command; `hold` keeps the answers to matching ones back until released. */
export function recordingEsl() {
  const commands: string[] = [];
  let gate: Promise<void> | undefined;
  let held: (command: string) => boolean = () => true;
  let open: () => void = () => {};
  const esl: EslPort = {
    api: async (command): Promise<EslResult> => {
      commands.push(command);
      if (gate && held(command)) await gate;
      return { ok: true, value: "+OK\n" };
    },
    bgapi: async () => ({ ok: false, kind: "error", message: "unexpected bgapi" }),
    onEvent: () => () => {},
    onStatus: () => () => {},
    status: () => "connected",
    close() {},
  };
  return {
    esl,
    commands,
    hold(match: (command: string) => boolean = () => true) {
      held = match;
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      gate = undefined;
      open();
    },
  };
}

export type TestPbx = ReturnType<typeof testApp> & {
  read(res: Response): Promise<any>;
  plan(config: unknown, extra?: Record<string, unknown>): Promise<Response>;
  apply(config: unknown, extra?: Record<string, unknown>): Promise<Response>;
  exported(): Promise<string>;
};

export function pbxApp(overrides: Parameters<typeof testApp>[0] = {}): TestPbx {
  const app = testApp(overrides);
  const read = async (res: Response) => {
    const text = await res.text();
    return res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
  };
  return {
    ...app,
    read,
    plan: async (config, extra = {}) => app.call("POST", "/api/v1/config/plan", { config, ...extra }),
    apply: async (config, extra = {}) => app.call("POST", "/api/v1/config/apply", { config, ...extra }),
    exported: async () => read(await app.call("GET", "/api/v1/config")),
  };
}

/** The bell.uz call centre, made over REST with fields off their defaults. */
export async function populate(pbx: TestPbx) {
  const post = async (path: string, body: unknown) => {
    const res = await pbx.call("POST", `/api/v1${path}`, body);
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  await post("/gateways", { name: "belluz", host: "bell.uz", username: "998785553322", password: BELLUZ_PASSWORD, fromDomain: "sip.bell.uz", expireSeconds: 120 });
  await post("/gateways", { name: "uztelecom", host: "10.20.30.40", port: 5080, transport: "tcp", username: "uzt-trunk", password: UZTELECOM_PASSWORD, register: false });
  const passwords: Record<string, string> = {};
  const extensions = [
    { number: "1001", name: "Operator 1", callerIdNumber: "998785553322" },
    { number: "1002", name: "Operator 2", record: true },
    { number: "1003", name: "Supervisor", outboundClass: "international", callerIdName: "Bell Savdo" },
    { number: "1004", name: "Оператор 4", maxRegistrations: 1 },
    { number: "1005", name: "Operator 5", enabled: false },
    { number: "999", name: "Reception" },
  ];
  for (const e of extensions) passwords[e.number] = (await post("/extensions", e)).password;
  await post("/dids", { number: "+998785553322", gateway: "belluz", description: "Main line", destination: { type: "extension", target: "1001" }, record: true });
  await post("/dids", { number: "785553323", destination: { type: "extension", target: "1002" } });
  await post("/outbound-routes", { name: "uz-mobile", pattern: "^\\+?(998\\d{9})$", gateway: "belluz", callerIdNumber: "998785553322", callerIdName: "Bell Savdo LLC" });
  await post("/outbound-routes", { name: "intl", pattern: "^00(\\d{6,15})$", gateway: "uztelecom", class: "international", priority: 200, strip: 2, prepend: "+" });
  return { passwords };
}
