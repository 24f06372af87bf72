/**
 * Phones over TLS as callboard answers FreeSWITCH: the internal profile gets
 * a TLS listener, a phone registered over TLS is called with SRTP as
 * CALLBOARD_SRTP says (plain phones are not), and with `require` a call a
 * TLS phone places without SRTP is refused before anything rings. Bodies are
 * the ones a real FreeSWITCH 1.10 POSTed, edited only where TLS differs.
 */
import { describe, expect, test } from "bun:test";
import type { LiveSnapshot, Registration } from "../src/esl/live-types.ts";
import { TEST_DOMAIN as D, emptyLive, testApp, testConfig } from "./support/deps.ts";
import { editBody, fixtureBody, postXml, seedPbx } from "./support/xmlcurl-bodies.ts";

const NOW = new Date(2026, 10, 22, 10, 45).getTime();
const TLS_ENV = { CALLBOARD_SIP_TLS: "on", CALLBOARD_SIP_TLS_PORT: "5061", CALLBOARD_SIP_TLS_CERT_DIR: "/etc/freeswitch/tls" };

const DESK = "sip:1002@192.168.1.21:5060";
const LAPTOP = "sip:1002@203.0.113.9:41234;transport=tls;fs_nat=yes";
const reg = (dialUri: string): Registration => ({
  id: `1002@${D}/${dialUri}`,
  user: "1002",
  realm: D,
  contact: dialUri.split(";")[0]!,
  dialUri,
  networkIp: "203.0.113.9",
  networkPort: 41234,
  transport: dialUri.includes("transport=tls") ? "tls" : "udp",
  userAgent: "MicroSIP/3.21.3",
  expiresAt: NOW + 600_000,
  profile: "internal",
});

function appWith(env: Record<string, string>) {
  const live = emptyLive();
  const snap: LiveSnapshot = { ...live.snapshot(), registrations: [reg(DESK), reg(LAPTOP)] };
  const t = testApp({ now: () => NOW, config: testConfig(env), live: { ...live, snapshot: () => snap } });
  seedPbx(t.deps);
  return t;
}

const text = async (res: Response) => (await res.text()).replaceAll("&amp;", "&");

describe("sofia.conf", () => {
  test("with CALLBOARD_SIP_TLS=on the internal profile listens for TLS on 5061 with the cert dir; external never does", async () => {
    const { app } = appWith(TLS_ENV);
    const xml = await text(await postXml(app, fixtureBody("configuration-sofia.conf-config_sofia")));
    const internal = xml.slice(xml.indexOf('<profile name="internal"'), xml.indexOf('<profile name="external"'));
    const external = xml.slice(xml.indexOf('<profile name="external"'));
    expect(internal).toContain('<param name="tls" value="true"/>');
    expect(internal).toContain('<param name="tls-sip-port" value="5061"/>');
    expect(internal).toContain('<param name="tls-cert-dir" value="/etc/freeswitch/tls"/>');
    expect(internal).toContain('<param name="tls-version" value="tlsv1.2,tlsv1.3"/>');
    expect(external).not.toContain('name="tls');
  });

  test("without it no TLS param is written at all", async () => {
    const { app } = appWith({});
    expect(await text(await postXml(app, fixtureBody("configuration-sofia.conf-config_sofia")))).not.toContain('name="tls');
  });
});

describe("calling a phone on TLS", () => {
  const dialString = async (env: Record<string, string>) => {
    const { app } = appWith(env);
    const xml = await text(await postXml(app, editBody(fixtureBody("directory-user_call-1002"), { key_value: D, domain: D })));
    return /name="dial-string" value="([^"]*)"/.exec(xml)?.[1] ?? "";
  };
  const VARS = `{sip_invite_domain=${D},presence_id=1002@${D}}`;

  test.each([
    ["offer", "optional"],
    ["require", "mandatory"],
  ])("CALLBOARD_SRTP=%s: the TLS phone's leg gets rtp_secure_media_outbound=%s, the desk phone on UDP plain RTP", async (mode, value) => {
    expect(await dialString({ ...TLS_ENV, CALLBOARD_SRTP: mode })).toBe(
      `${VARS}sofia/internal/${DESK},[rtp_secure_media_outbound=${value}]sofia/internal/${LAPTOP}`,
    );
  });

  test("CALLBOARD_SRTP=off: nobody is offered SRTP", async () => {
    expect(await dialString(TLS_ENV)).toBe(`${VARS}sofia/internal/${DESK},sofia/internal/${LAPTOP}`);
  });
});

/*
 * The two dialplan bodies are FreeSWITCH 1.10.12's, captured on the real tier
 * (test/fixtures/freeswitch/README.md): 1001 on TLS calling 1002, once
 * offering SRTP (variable_rtp_secure_media_negotiated is set before routing)
 * and once plain RTP (it is absent).
 */
describe("a call a phone places", () => {
  const route = async (env: Record<string, string>, stem: string) => text(await postXml(appWith(env).app, fixtureBody(stem)));
  const SRTP = "dialplan-default-tls-srtp-to-1002";
  const PLAIN = "dialplan-default-tls-plain-rtp-to-1002";
  const REQUIRE = { ...TLS_ENV, CALLBOARD_SRTP: "require" };

  test("SRTP required and the phone on TLS offered plain RTP: hangup INCOMPATIBLE_DESTINATION (488), nothing bridged", async () => {
    const xml = await route(REQUIRE, PLAIN);
    expect(xml).toContain('<action application="hangup" data="INCOMPATIBLE_DESTINATION"/>');
    expect(xml).not.toContain("bridge");
  });

  test("SRTP required and negotiated with the phone on TLS: the call goes through", async () => {
    expect(await route(REQUIRE, SRTP)).toContain(`<action application="bridge" data="{leg_timeout=30}user/1002@${D}"/>`);
  });

  test("a phone on UDP is not held to it, nor is a TLS phone when SRTP is only offered", async () => {
    expect(await route(REQUIRE, "dialplan-sofia-inbound-to-1002")).toContain('application="bridge"');
    expect(await route({ ...TLS_ENV, CALLBOARD_SRTP: "offer" }, PLAIN)).toContain('application="bridge"');
  });
});
