import { expect, test } from "bun:test";
import { ivrMenuOf, matchingEntries, type IvrMenu } from "./ivr-menu.ts";

const conf = (menu: string) =>
  `<document type="freeswitch/xml"><section name="configuration"><configuration name="ivr.conf"><menus>${menu}</menus></configuration></section></document>`;

const MAIN = conf(
  `<menu name="main" greet-long="/s/welcome.wav" greet-short="/s/short.wav" invalid-sound="/s/bad.wav" timeout="5000" inter-digit-timeout="2000" max-failures="2" max-timeouts="3" exec-on-max-failures="transfer main/fallback XML ivr" exec-on-max-timeouts="transfer main/fallback XML ivr" digit-len="1">` +
    `<entry action="menu-exec-app" digits="1" param="transfer main/1 XML ivr"/>` +
    `<entry action="menu-exec-app" digits="20" param="transfer main/20 XML ivr"/>` +
    `<entry action="menu-exec-app" digits="/^(?!(?:20)$)(\\d{2,6})$/" param="transfer main/$1 XML ivr"/></menu>`,
);

test("a menu is read as switch_ivr_menu_stack_xml_build reads it: the longest literal entry widens digit-len", () => {
  const menu = ivrMenuOf(MAIN, "main") as IvrMenu;
  expect(menu).toMatchObject({
    name: "main",
    greetLong: "/s/welcome.wav",
    greetShort: "/s/short.wav",
    invalidSound: "/s/bad.wav",
    timeoutMs: 5000,
    interDigitMs: 2000,
    maxFailures: 2,
    maxTimeouts: 3,
    execOnMaxFailures: "transfer main/fallback XML ivr",
    inputLength: 2,
  });
  expect(menu.exitSound).toBeUndefined();
});

test("FreeSWITCH's defaults: 10 s to the first digit, three failures and three timeouts", () => {
  const menu = ivrMenuOf(conf(`<menu name="m" greet-long="x.wav"/>`), "m") as IvrMenu;
  expect([menu.timeoutMs, menu.maxFailures, menu.maxTimeouts]).toEqual([10_000, 3, 3]);
});

test("no menu of that name, no menus, not ivr.conf: the reasons mod_dptools logs", () => {
  expect(ivrMenuOf(MAIN, "sales")).toBe("Unable to find menu");
  expect(ivrMenuOf(conf(""), "main")).toBe("Unable to find menu");
  expect(ivrMenuOf(`<document type="freeswitch/xml"><section name="result"><result status="not found"/></section></document>`, "main")).toBe("Open of ivr.conf failed");
});

test("a literal entry matches exactly; a regex entry fills $1 from the digits; an option the lookahead excludes is not also a number", () => {
  const menu = ivrMenuOf(MAIN, "main") as IvrMenu;
  expect(matchingEntries(menu, "1").map((e) => e.param)).toEqual(["transfer main/1 XML ivr"]);
  expect(matchingEntries(menu, "1001").map((e) => e.param)).toEqual(["transfer main/1001 XML ivr"]);
  expect(matchingEntries(menu, "20").map((e) => e.param)).toEqual(["transfer main/20 XML ivr"]);
  expect(matchingEntries(menu, "9")).toEqual([]);
});
