import { describe, expect, test } from "bun:test";
import { chooseIvrDestination, isSoundRef, ivrMenuLoop, type IvrMenuRow } from "./ivr-menus.ts";

const menu = (over: Partial<IvrMenuRow> = {}): IvrMenuRow => ({
  name: "main",
  greeting: "welcome",
  greetingShort: null,
  invalidSound: null,
  exitSound: null,
  options: [{ digits: "2", destination: { type: "ring_group", target: "sales" } }],
  directDial: false,
  timeoutSeconds: 5,
  maxFailures: 3,
  fallback: { type: "extension", target: "1003" },
  enabled: true,
  ...over,
});
const rows = (menus: IvrMenuRow[], enabledExtensions = ["1001", "1003"]) => ({
  ivrMenu: (name: string) => menus.find((m) => m.name === name),
  extension: (n: string) => (enabledExtensions.includes(n) ? { enabled: true } : undefined),
});

describe("where a key pressed in a menu goes", () => {
  test("an option, the fallback, and direct dial only when the menu allows it and the extension is enabled", () => {
    expect(chooseIvrDestination("main/2", rows([menu()]))).toMatchObject({ ok: true, via: "option", destination: { type: "ring_group", target: "sales" } });
    expect(chooseIvrDestination("main/fallback", rows([menu()]))).toMatchObject({ ok: true, via: "fallback", destination: { type: "extension", target: "1003" } });
    expect(chooseIvrDestination("main/1001", rows([menu()]))).toMatchObject({ ok: false });
    expect(chooseIvrDestination("main/1001", rows([menu({ directDial: true })]))).toMatchObject({ ok: true, via: "direct dial", destination: { target: "1001" } });
    expect(chooseIvrDestination("main/1002", rows([menu({ directDial: true })]))).toMatchObject({ ok: false });
  });

  test("an option wins over an extension of the same number", () => {
    const m = menu({ directDial: true, options: [{ digits: "1001", destination: { type: "hangup", target: "NORMAL_CLEARING" } }] });
    expect(chooseIvrDestination("main/1001", rows([m]))).toMatchObject({ via: "option", destination: { type: "hangup" } });
  });

  test("a disabled or unknown menu, and what is not <menu>/<digits>, choose nothing", () => {
    expect(chooseIvrDestination("main/2", rows([menu({ enabled: false })]))).toMatchObject({ ok: false });
    expect(chooseIvrDestination("other/2", rows([menu()]))).toMatchObject({ ok: false });
    for (const d of ["998901112233", "main/2#", "main/../2", "MAIN/2", "main/"]) expect(chooseIvrDestination(d, rows([menu()])).ok).toBe(false);
  });
});

describe("menus leading back to themselves", () => {
  const stored: Record<string, string[]> = { billing: ["support"], support: [], night: ["main"] };
  const reached = (name: string) => stored[name];
  test("a chain that ends is fine; one that comes back is named", () => {
    expect(ivrMenuLoop("main", ["billing"], reached)).toBeUndefined();
    expect(ivrMenuLoop("main", ["night"], reached)).toEqual(["main", "night", "main"]);
    expect(ivrMenuLoop("main", ["main"], reached)).toEqual(["main", "main"]);
    expect(ivrMenuLoop("support", ["night"], reached)).toBeUndefined();
  });
});

test("a sound is an uploaded name or a .wav under FreeSWITCH's sounds dir, never a way out of it", () => {
  for (const ok of ["welcome", "en/us/callie/ivr/8000/ivr-welcome.wav", "music/8000/suite-espanola.wav"]) expect(isSoundRef(ok)).toBe(true);
  for (const bad of ["../secret.wav", "/etc/passwd.wav", "a/../../b.wav", "welcome.mp3", "Welcome", "${sounds_dir}/x.wav", "a b.wav", ""]) expect(isSoundRef(bad)).toBe(false);
});
