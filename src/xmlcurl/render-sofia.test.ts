import { describe, expect, test } from "bun:test";
import { create } from "xmlbuilder2";
import type { SipBinding } from "../config.ts";
import { renderSofia, type SofiaGateway, type SofiaOptions } from "./render-sofia.ts";
import { sofiaBindNotice } from "./sofia-bind-notice.ts";

const loopback = (sipPort: number): SipBinding => ({ sipIp: "127.0.0.1", rtpIp: "127.0.0.1", sipPort });
const opts = (sip: SofiaOptions["sip"], more: Partial<SofiaOptions> = {}): SofiaOptions => ({ domain: "call.example.uz", sip, ...more });
const belluz: SofiaGateway = {
  name: "belluz",
  host: "bell.uz",
  port: 5060,
  transport: "udp",
  username: "998785553322",
  password: "Bell-uz-Secret-1",
  register: true,
  expireSeconds: 600,
  retrySeconds: 30,
  fromDomain: null,
  callerIdInFrom: false,
};

/** name → value of one profile's settings, read back through an XML parser. */
function profileParams(xml: string, profile: string): Map<string, string> {
  const doc = create(xml).end({ format: "object" }) as any;
  const profiles = [doc.document.section.configuration.profiles.profile].flat();
  const p = profiles.find((x: any) => x["@name"] === profile);
  return new Map([p.settings.param].flat().map((x: any) => [x["@name"], x["@value"]]));
}

describe("where the profiles listen", () => {
  test("bind addresses and ports appear in both profiles: the test tier's loopback setup", () => {
    const { xml, problems } = renderSofia([belluz], opts({ internal: loopback(25060), external: loopback(25080) }));
    expect(problems).toEqual([]);
    for (const [profile, port] of [["internal", "25060"], ["external", "25080"]] as const) {
      const params = profileParams(xml, profile);
      expect([params.get("sip-ip"), params.get("rtp-ip"), params.get("sip-port")]).toEqual(["127.0.0.1", "127.0.0.1", port]);
    }
  });

  test("each profile gets its own addresses: phones on the LAN, providers on the public side", () => {
    const sip = {
      internal: { sipIp: "192.168.1.5", rtpIp: "192.168.1.5", sipPort: 5060 },
      external: { sipIp: "203.0.113.10", rtpIp: "203.0.113.10", sipPort: 5080 },
    };
    const { xml } = renderSofia([], opts(sip));
    expect(profileParams(xml, "internal").get("sip-ip")).toBe("192.168.1.5");
    expect(profileParams(xml, "external").get("rtp-ip")).toBe("203.0.113.10");
  });

  test("unset addresses are left to FreeSWITCH: no sip-ip or rtp-ip param at all", () => {
    const { xml } = renderSofia([], opts({ internal: { sipPort: 5060 }, external: { sipPort: 5080 } }));
    expect(xml).not.toContain('name="sip-ip"');
    expect(xml).not.toContain('name="rtp-ip"');
    expect(profileParams(xml, "internal").get("sip-port")).toBe("5060");
    expect(profileParams(xml, "external").get("sip-port")).toBe("5080");
  });

  test("a hostile or impossible bind value never reaches the XML: that profile is left out and reported", () => {
    const hostile = [
      '127.0.0.1"/><X-PRE-PROCESS cmd="exec" data="id"/>',
      "$${local_ip_v4}",
      "0.0.0.0",
      "::1",
      "127.0.0.1\n",
      "interface:eth0",
    ];
    for (const evil of hostile) {
      for (const field of ["sipIp", "rtpIp"] as const) {
        const { xml, problems } = renderSofia([belluz], opts({ internal: { ...loopback(5060), [field]: evil }, external: loopback(5080) }));
        expect(xml).not.toContain(evil);
        expect(xml).not.toContain('<profile name="internal">');
        expect(xml).toContain('<profile name="external">');
        expect(problems).toEqual(["profile internal left out: its sip-ip, rtp-ip or sip-port is not valid"]);
      }
    }
    for (const port of [0, 65536, 5060.5, Number.NaN]) {
      const { xml, problems } = renderSofia([belluz], opts({ internal: loopback(5060), external: loopback(port) }));
      expect(xml).not.toContain('<profile name="external">');
      expect(xml).not.toContain('<gateway name="belluz">');
      expect(problems).toEqual(["profile external left out: its sip-ip, rtp-ip or sip-port is not valid"]);
    }
  });
});

describe("phones over TLS", () => {
  const sip = (tls?: { port: number; certDir: string }) => ({ internal: loopback(5060), external: loopback(5080), ...(tls ? { tls } : {}) });

  test("the internal profile gets sofia's TLS params, TLS 1.2 and up; external and a TLS-less config get none", () => {
    const { xml, problems } = renderSofia([belluz], opts(sip({ port: 5061, certDir: "/etc/freeswitch/tls" })));
    expect(problems).toEqual([]);
    const internal = profileParams(xml, "internal");
    expect([internal.get("tls"), internal.get("tls-sip-port"), internal.get("tls-cert-dir"), internal.get("tls-version")]).toEqual([
      "true",
      "5061",
      "/etc/freeswitch/tls",
      "tlsv1.2,tlsv1.3",
    ]);
    expect([...profileParams(xml, "external").keys()].filter((k) => k.startsWith("tls"))).toEqual([]);
    expect(renderSofia([belluz], opts(sip())).xml).not.toContain('name="tls');
  });

  test("a TLS value that fails its re-check leaves TLS out, reported; phones on UDP keep their profile", () => {
    for (const tls of [{ port: 0, certDir: "/etc/freeswitch/tls" }, { port: 5061, certDir: '/etc/x"/><X-PRE-PROCESS cmd="exec" data="id"/>' }, { port: 5061, certDir: "/etc/../root" }]) {
      const { xml, problems } = renderSofia([belluz], opts(sip(tls)));
      expect(xml).not.toContain('name="tls');
      expect(xml).not.toContain("X-PRE-PROCESS");
      expect(profileParams(xml, "internal").get("sip-port")).toBe("5060");
      expect(problems).toEqual(["TLS left out of profile internal: its tls-sip-port or tls-cert-dir is not valid"]);
    }
  });
});

describe("the start-up line about bind addresses", () => {
  const unset = { internal: { sipPort: 5060 }, external: { sipPort: 5080 } };

  test("chosen addresses are logged as chosen", () => {
    const notice = sofiaBindNotice({ internal: loopback(5060), external: loopback(5080) }, ["10.0.0.5", "192.168.1.5"]);
    expect(notice.level).toBe("info");
    expect(notice.profiles).toEqual({ internal: "127.0.0.1:5060, RTP 127.0.0.1", external: "127.0.0.1:5080, RTP 127.0.0.1" });
  });

  test("FreeSWITCH's guess is fine on a one-address host and a warning naming the addresses on a host with several", () => {
    expect(sofiaBindNotice(unset, ["10.0.0.5"]).level).toBe("info");
    const several = sofiaBindNotice(unset, ["10.0.0.5", "192.168.1.5"]);
    expect(several.level).toBe("warn");
    expect(several.message).toContain("10.0.0.5, 192.168.1.5");
    expect(several.message).toContain("CALLBOARD_SIP_IP");
    expect(several.profiles.internal).toBe("FreeSWITCH's guess:5060, RTP FreeSWITCH's guess");
  });
});

/**
 * An attribute value as FreeSWITCH reads it (switch_xml_decode in
 * switch_xml.c, 1.10.12): `&#N;`, `&#xN;` and the five named entities are
 * decoded, each only when its `;` follows; any other `&` stays as it is.
 */
function freeswitchReads(raw: string): string {
  return raw.replace(/&(?:#(\d+);|#x([0-9a-fA-F]+);|(lt|gt|quot|apos|amp);)/g, (all, dec?: string, hex?: string, name?: string) => {
    if (name) return { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" }[name]!;
    const code = dec ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    return code === 0 ? all : String.fromCodePoint(code);
  });
}

describe("a gateway's password reaches FreeSWITCH as it was stored", () => {
  const passwordAttribute = (xml: string) => /<param name="password" value="([^"]*)"\/>/.exec(xml)?.[1];

  test("ampersands and what looks like the start of an entity arrive unaltered", () => {
    for (const password of ["Pw&amp&lt&gt&quot-1", "a&#38b&#x26c&#60", "&", "&&#&x&#&#x", "p&q=r%26s%3B"]) {
      const { xml, problems } = renderSofia([{ ...belluz, password }], opts({ internal: loopback(5060), external: loopback(5080) }));
      expect(problems).toEqual([]);
      expect(freeswitchReads(passwordAttribute(xml)!)).toBe(password);
    }
  });

  test("an entity FreeSWITCH would decode needs a ';', which the password rule refuses: left out and logged, never sent altered", () => {
    for (const password of ["Pw&amp;x", "a&#38;b", "&lt;&gt;"]) {
      const { xml, problems } = renderSofia([{ ...belluz, password }], opts({ internal: loopback(5060), external: loopback(5080) }));
      expect(xml).not.toContain('<gateway name="belluz">');
      expect(problems.join()).toContain("password");
    }
  });
});
