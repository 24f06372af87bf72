import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { create } from "xmlbuilder2";
import { loadConfig } from "../src/config.ts";
import { POSTED_FIELDS, type PostedSection } from "../src/xmlcurl/posted-fields.ts";

/**
 * freeswitch-conf/ is what a real FreeSWITCH 1.10 boots from. Nothing here can
 * run FreeSWITCH, so these tests hold the configuration to the rules that keep
 * the PBX safe and to the facts in the captured requests.
 */

const CONF = join(import.meta.dir, "..", "freeswitch-conf");
const CAPTURED = join(import.meta.dir, "fixtures", "freeswitch", "xmlcurl-requests");

const files = readdirSync(CONF, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".xml"))
  .sort();
/** The slice of the DOM that xmlbuilder2's parsed node offers and these tests use. */
type XmlElement = {
  getAttribute(name: string): string | null;
  getElementsByTagName(tag: string): ArrayLike<XmlElement>;
  childNodes: ArrayLike<unknown>;
};
const text = (rel: string) => readFileSync(join(CONF, rel), "utf8");
const dom = (rel: string) => create(text(rel)).node as unknown as XmlElement;
const elements = (rel: string, tag: string): XmlElement[] => Array.from(dom(rel).getElementsByTagName(tag));

/** name → value of every <param> in a file. */
function params(rel: string): Record<string, string> {
  return Object.fromEntries(elements(rel, "param").map((p) => [p.getAttribute("name"), p.getAttribute("value") ?? ""]));
}

/** The variables vars.xml defines: the last `set` default, and whether an environment variable can override it. */
function globalVariables(): Map<string, { value?: string; env?: string }> {
  const vars = new Map<string, { value?: string; env?: string }>();
  for (const el of elements("vars.xml", "X-PRE-PROCESS")) {
    const [name, value] = (el.getAttribute("data") ?? "").split(/=(.*)/s) as [string, string];
    const entry = vars.get(name) ?? {};
    if (el.getAttribute("cmd") === "set") entry.value = value;
    if (el.getAttribute("cmd") === "env-set") entry.env = value.replace(/^\$/, "");
    vars.set(name, entry);
  }
  return vars;
}

/** A value as FreeSWITCH sees it when no environment variable overrides the defaults. */
function withDefaults(value: string): string {
  const vars = globalVariables();
  return value.replace(/\$\$\{([^}]+)\}/g, (_, name: string) => vars.get(name)?.value ?? "");
}

/**
 * xmlbuilder2 forgives unbalanced tags; FreeSWITCH's parser does not, and a
 * parse error in any file stops FreeSWITCH from starting. So the nesting is
 * checked too, and so is FreeSWITCH's comment rule (a "--" inside a comment
 * ends it with an error).
 */
function wellFormednessErrors(xml: string): string[] {
  const errors: string[] = [];
  for (const c of xml.matchAll(/<!--([\s\S]*?)-->/g)) if (c[1]!.includes("--")) errors.push(`"--" inside a comment`);
  const body = xml.replace(/<!--[\s\S]*?-->/g, "").replace(/<\?[\s\S]*?\?>/g, "");
  const stack: string[] = [];
  for (const [, close, name, selfClose] of body.matchAll(/<(\/?)([A-Za-z][\w.:-]*)[^>]*?(\/?)>/g)) {
    if (selfClose) continue;
    if (!close) stack.push(name!);
    else if (stack.pop() !== name) errors.push(`</${name}> closes the wrong element`);
  }
  if (stack.length) errors.push(`unclosed <${stack.join("> <")}>`);
  return errors;
}

describe("freeswitch-conf parses as FreeSWITCH parses it", () => {
  test("every file is well-formed XML (a parse error keeps FreeSWITCH from starting)", () => {
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      expect({ f, errors: wellFormednessErrors(text(f)) }).toEqual({ f, errors: [] });
      expect(() => create(text(f))).not.toThrow();
    }
  });

  test("each pre-processor directive sits alone on its line, and none runs a shell", () => {
    // The pre-processor is line based: a directive sharing a line, or the
    // directive's name inside a comment, is silently dropped or executed.
    for (const f of files) {
      for (const line of text(f).split("\n")) {
        if (!/x-pre-process/i.test(line)) continue;
        expect({ f, line }).toEqual({
          f,
          line: expect.stringMatching(/^\s*<X-PRE-PROCESS cmd="(set|env-set|include)" data="[^"]*"\/>$/),
        });
      }
    }
  });

  test("every $${variable} a file uses is defined in vars.xml or by the FreeSWITCH core", () => {
    const core = new Set(["local_ip_v4"]);
    const vars = globalVariables();
    for (const f of files) {
      for (const [, name] of text(f).matchAll(/\$\$\{([^}]+)\}/g)) {
        expect({ f, name, known: core.has(name!) || vars.has(name!) }).toEqual({ f, name, known: true });
      }
    }
  });
});

describe("FreeSWITCH fails closed when callboard does not answer", () => {
  test("no static user exists anywhere: a not-found answer cannot fall back to a demo account", () => {
    for (const f of files) expect({ f, users: elements(f, "user").length }).toEqual({ f, users: 0 });
    expect(existsSync(join(CONF, "directory"))).toBe(false);
  });

  test("the directory and dialplan sections are empty and there are no static routes or SIP profiles", () => {
    const sections = elements("freeswitch.xml", "section");
    for (const name of ["directory", "dialplan"]) {
      const section = sections.find((s) => s.getAttribute("name") === name);
      expect(section?.childNodes.length).toBe(0);
    }
    for (const f of files) expect({ f, extensions: elements(f, "extension").length }).toEqual({ f, extensions: 0 });
    for (const dir of ["dialplan", "sip_profiles"]) expect(existsSync(join(CONF, dir))).toBe(false);
  });

  test("neither the demo password 1234 nor the stock ClueCon is set anywhere", () => {
    for (const f of files) {
      const xml = text(f).replace(/<!--[\s\S]*?-->/g, "");
      expect({ f, demo: /\b1234\b/.test(xml), stock: /cluecon/i.test(xml) }).toEqual({ f, demo: false, stock: false });
    }
  });
});

describe("FreeSWITCH asks callboard", () => {
  const bindings = () => elements("autoload_configs/xml_curl.conf.xml", "binding");
  const bindingParams = (b: XmlElement) => Array.from(b.getElementsByTagName("param"));

  test("one xml_curl binding per section sends directory, dialplan, configuration and the voicemail prompts (languages) to callboard's xml_curl listener, where callboard listens by default", () => {
    const { host, port } = loadConfig({}).xmlcurl.listen;
    const sections: string[] = [];
    for (const b of bindings()) {
      const url = bindingParams(b).find((p) => p.getAttribute("name") === "gateway-url")!;
      expect(withDefaults(url.getAttribute("value")!)).toBe(`http://${host}:${port}/freeswitch/xml`);
      expect(withDefaults(url.getAttribute("value")!)).toBe("http://127.0.0.1:8081/freeswitch/xml");
      sections.push(...url.getAttribute("bindings")!.split("|"));
    }
    expect(sections.sort()).toEqual(["configuration", "dialplan", "directory", "languages"]);
  });

  test("each binding posts exactly the fields callboard reads for its section (enable-post-var), not the whole event", () => {
    for (const b of bindings()) {
      const section = bindingParams(b).find((p) => p.getAttribute("name") === "gateway-url")!.getAttribute("bindings") as PostedSection;
      const posted = bindingParams(b)
        .filter((p) => p.getAttribute("name") === "enable-post-var")
        .map((p) => p.getAttribute("value"));
      expect({ section, posted }).toEqual({ section, posted: [...POSTED_FIELDS[section]] });
    }
  });

  test("every field callboard has FreeSWITCH post is one FreeSWITCH sent in a captured lookup of that section, or a variable callboard's own answers set", () => {
    const captured = readdirSync(CAPTURED).filter((f) => f.endsWith(".body")).map((f) => readFileSync(join(CAPTURED, f), "utf8"));
    // Set by callboard's dialplan answers (forwards) and click-to-call originate strings, so on calls no capture above made.
    const setByCallboard = new Set(["variable_callboard_caller", "variable_callboard_forward_hops", "variable_originate_failed_cause"]);
    // ivr.conf's Menu-Name: captured in test/fixtures/freeswitch/http/xml_curl-post-configuration-ivr.conf.raw; sofia.conf's gateway: a rescan of one gateway.
    const elsewhere = new Set(["Menu-Name", "gateway"]);
    for (const [section, fields] of Object.entries(POSTED_FIELDS)) {
      for (const name of fields) {
        if (setByCallboard.has(name) || elsewhere.has(name)) continue;
        const seen = captured.some((body) => body.includes(`section=${section}&`) && (body.startsWith(`${name}=`) || body.includes(`&${name}=`)));
        expect({ section, name, seen }).toEqual({ section, name, seen: true });
      }
    }
  });

  test("an xml_curl lookup has a timeout, so a hung callboard cannot hold a REGISTER or a call forever", () => {
    for (const b of bindings()) {
      const p = Object.fromEntries(bindingParams(b).map((x) => [x.getAttribute("name"), x.getAttribute("value") ?? ""]));
      expect(Number(p.timeout)).toBeGreaterThan(0);
      expect(Number(p.timeout)).toBeLessThanOrEqual(10);
      expect(p["disable-100-continue"]).toBe("true");
      expect(p["gateway-credentials"]).toBe("$${callboard_http_credentials}");
    }
  });

  test("basic auth credentials come only from the environment (unset sends no header)", () => {
    const vars = globalVariables();
    expect(vars.get("callboard_http_credentials")).toEqual({ env: "CALLBOARD_XMLCURL_CREDENTIALS" });
    expect(params("autoload_configs/json_cdr.conf.xml").cred).toBe("$${callboard_http_credentials}");
  });

  test("modules are exactly the issue's list, loggers first, then xml_curl before anything callboard configures", () => {
    const loaded = elements("autoload_configs/modules.conf.xml", "load").map((l) => l.getAttribute("module")!);
    expect([...loaded].sort()).toEqual(
      [
        "mod_callcenter", "mod_commands", "mod_console", "mod_db", "mod_dialplan_xml", "mod_dptools", "mod_event_socket", "mod_hash",
        "mod_json_cdr", "mod_logfile", "mod_loopback", "mod_native_file", "mod_sndfile", "mod_sofia", "mod_tone_stream",
        "mod_voicemail", "mod_xml_curl",
      ].sort(),
    );
    expect(loaded.slice(0, 3)).toEqual(["mod_console", "mod_logfile", "mod_xml_curl"]);
  });

  test("every configuration FreeSWITCH asked for in the capture is answered by callboard, shipped here, or deliberately absent", () => {
    // Each not-found answer from callboard falls back to this static XML.
    const decision: Record<string, "callboard" | "static" | string> = {
      "sofia.conf": "callboard",
      "acl.conf": "static",
      "db.conf": "static",
      "event_socket.conf": "static",
      "hash.conf": "static",
      "json_cdr.conf": "static",
      "loopback.conf": "static",
      "timezones.conf": "static",
      "sndfile.conf": "absent: optional; mod_sndfile keeps every format it knows",
      "post_load_modules.conf": "absent: optional; every module is in modules.conf",
      "post_load_switch.conf": "absent: optional; switch.conf holds the core settings",
      "callcenter.conf": "callboard",
      "enum.conf": "absent: mod_enum is not loaded",
      "spandsp.conf": "absent: mod_spandsp is not loaded",
      "voicemail.conf": "callboard",
      "xml_cdr.conf": "absent: mod_json_cdr is used instead of mod_xml_cdr",
    };
    const asked = readdirSync(CAPTURED)
      .filter((f) => f.startsWith("configuration-") && f.endsWith(".body"))
      .map((f) => new URLSearchParams(readFileSync(join(CAPTURED, f), "utf8")).get("key_value")!);
    expect(asked.length).toBeGreaterThan(10);
    for (const name of new Set(asked)) {
      expect({ name, decided: name in decision }).toEqual({ name, decided: true });
      const shipped = existsSync(join(CONF, "autoload_configs", `${name}.xml`));
      expect({ name, shipped }).toEqual({ name, shipped: decision[name] === "static" });
    }
  });

  test("the configurations read before xml_curl is up, or by modules that refuse to start without one, all ship here", () => {
    for (const name of ["switch.conf", "modules.conf", "console.conf", "logfile.conf", "xml_curl.conf", "event_socket.conf", "json_cdr.conf", "acl.conf"]) {
      const f = `autoload_configs/${name}.xml`;
      expect({ name, shipped: existsSync(join(CONF, f)) }).toEqual({ name, shipped: true });
      expect(elements(f, "configuration")[0]!.getAttribute("name")).toBe(name);
    }
  });
});

describe("the switch is hardened", () => {
  test("api-expansion is off, so a caller-controlled ${api(...)} never runs a command", () => {
    expect(params("autoload_configs/switch.conf.xml")["api-expansion"]).toBe("false");
  });

  test("system API commands and applications are disabled before any module loads", () => {
    const sets = elements("vars.xml", "X-PRE-PROCESS")
      .filter((e) => e.getAttribute("cmd") === "set")
      .map((e) => e.getAttribute("data"));
    expect(sets).toContain("disable_system_api_commands=true");
    expect(sets).toContain("disable_system_app_commands=true");
  });

  test("the core database stays in SQLite and the RTP range follows callboard's settings", () => {
    const p = params("autoload_configs/switch.conf.xml");
    expect(p["core-db-dsn"]).toBeUndefined();
    expect(withDefaults(p["rtp-start-port"]!)).toBe("16384");
    expect(withDefaults(p["rtp-end-port"]!)).toBe("32768");
    const vars = globalVariables();
    expect(vars.get("rtp_start_port")?.env).toBe("CALLBOARD_RTP_START");
    expect(vars.get("rtp_end_port")?.env).toBe("CALLBOARD_RTP_END");
    expect(Number(p["event-heartbeat-interval"])).toBeGreaterThan(0);
    expect(Number(p["max-sessions"])).toBeGreaterThan(0);
    expect(Number(p["sessions-per-second"])).toBeGreaterThan(0);
  });

  test("the event socket listens on 127.0.0.1 only, admits loopback clients only, with the password from the environment", () => {
    const p = params("autoload_configs/event_socket.conf.xml");
    expect(p["listen-ip"]).toBe("127.0.0.1");
    expect(p["apply-inbound-acl"]).toBe("loopback.auto");
    expect(p.password).toBe("$${callboard_esl_password}");
    // No default: an unset variable leaves FreeSWITCH on ClueCon, which callboard doctor reports.
    expect(globalVariables().get("callboard_esl_password")).toEqual({ env: "CALLBOARD_ESL_PASSWORD" });
    expect(withDefaults(p["listen-port"]!)).toBe("8021");
  });

  test("the ACL lists the sofia profiles may name exist, and `domains` admits nobody by default", () => {
    const lists = elements("autoload_configs/acl.conf.xml", "list");
    expect(lists.map((l) => l.getAttribute("name")).sort()).toEqual(["domains", "lan"]);
    for (const l of lists) expect(l.getAttribute("default")).toBe("deny");
  });
});

describe("CDRs survive callboard being down", () => {
  test("json_cdr posts raw JSON for both legs to callboard's /freeswitch/cdr", () => {
    const p = params("autoload_configs/json_cdr.conf.xml");
    expect(withDefaults(p.url!)).toBe("http://127.0.0.1:8080/freeswitch/cdr");
    expect(p.encode).toBe("false");
    // The captured CDRs were made with encode-values=true; callboard parses that shape.
    expect(p["encode-values"]).toBe("true");
    expect(p["log-b-leg"]).toBe("true");
  });

  test("json_cdr keeps its Content-Type: application/json (disable-100-continue would replace mod_json_cdr's header list)", () => {
    expect(params("autoload_configs/json_cdr.conf.xml")).not.toHaveProperty("disable-100-continue");
  });

  test("json_cdr retries, then keeps the CDR in an error directory for replay", () => {
    const p = params("autoload_configs/json_cdr.conf.xml");
    expect(Number(p.retries)).toBeGreaterThanOrEqual(2);
    expect(Number(p.delay)).toBeGreaterThan(0);
    expect(p["log-errors-to-disk"]).toBe("true");
    expect(p["err-log-dir"]).toBe("json_cdr_errors");
    expect(p["prefix-a-leg"]).toBe("false");
  });
});
