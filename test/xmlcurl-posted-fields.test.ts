/**
 * freeswitch-conf's bindings tell FreeSWITCH to post only the fields
 * callboard reads (enable-post-var, src/xmlcurl/posted-fields.ts). These
 * tests hold that list to callboard's answers and to what a real FreeSWITCH
 * 1.10.12 posted with those bindings (test/fixtures/freeswitch/xmlcurl-posted,
 * captured in the real-FreeSWITCH tier).
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { postedBody } from "../src/xmlcurl/posted-fields.ts";
import { TEST_DOMAIN, testApp } from "./support/deps.ts";
import { NOT_FOUND, XMLCURL_DIR, fixtureBody, fsEncode, postXml, seedPbx } from "./support/xmlcurl-bodies.ts";

const POSTED_DIR = join(import.meta.dir, "fixtures/freeswitch/xmlcurl-posted");
const posted = (stem: string) => readFileSync(join(POSTED_DIR, `${stem}.body`), "utf8");
const names = (body: string) => body.split("&").map((pair) => pair.slice(0, pair.indexOf("=")));

/** The captured body moved to the test PBX's domain, wherever it names one. */
function inTestDomain(body: string): string {
  return body
    .split("&")
    .map((pair) => {
      const name = pair.slice(0, pair.indexOf("="));
      return name === "domain" || name === "sip_auth_realm" || (name === "key_value" && body.includes("section=directory&")) ? `${name}=${fsEncode(TEST_DOMAIN)}` : pair;
    })
    .join("&");
}

/** An app over the seeded PBX, on a fixed clock; one per side so neither answers from the other's cache. */
function answerer() {
  const t = testApp({ now: () => new Date(2026, 10, 22, 10, 45).getTime() });
  seedPbx(t.deps);
  return async (body: string) => {
    const res = await postXml(t.app, body);
    expect(res.status).toBe(200);
    return res.text();
  };
}

describe("FreeSWITCH posts only what callboard reads", () => {
  test("every captured lookup is answered the same from the posted fields as from the whole event", async () => {
    const whole = answerer();
    const trimmed = answerer();
    const stems = readdirSync(XMLCURL_DIR)
      .filter((f) => f.endsWith(".body"))
      .map((f) => f.slice(0, -".body".length));
    let answered = 0;
    for (const stem of stems) {
      const body = inTestDomain(fixtureBody(stem));
      const full = await whole(body);
      expect({ stem, answer: await trimmed(postedBody(body)) }).toEqual({ stem, answer: full });
      if (full !== NOT_FOUND) answered++;
    }
    // Directory users, dialplan routes, sofia.conf, callcenter.conf, voicemail.conf and the prompts: not a comparison of not-founds.
    expect(answered).toBeGreaterThanOrEqual(15);
  });

  test("whole events FreeSWITCH posted, trimmed as the simulator trims them, list the fields FreeSWITCH posted with the bindings, in its order", () => {
    const pairs: [whole: string, real: string][] = [
      [fixtureBody("directory-sip_auth-REGISTER-1001"), posted("directory-sip_auth-REGISTER-1001")],
      [fixtureBody("directory-user_call-1002"), posted("directory-user_call-1001")],
      [fixtureBody("dialplan-sofia-inbound-to-1002"), posted("dialplan-default-ext-to-ext")],
      [fixtureBody("dialplan-public-inbound-did-998785553322"), posted("dialplan-public-did")],
      [fixtureBody("configuration-sofia.conf-profile-internal"), posted("configuration-sofia.conf-profile-internal")],
      [fixtureBody("languages-voicemail_enter_pass"), posted("languages-voicemail_hello")],
    ];
    for (const [whole, real] of pairs) expect(names(postedBody(whole))).toEqual(names(real));
  });

  test("a real FreeSWITCH's posted dialplan lookup is a few hundred bytes, against 6.5 KB for the whole event, and routes the call", async () => {
    const real = posted("dialplan-default-ext-to-ext");
    expect(real.length).toBeLessThan(600);
    expect(fixtureBody("dialplan-sofia-inbound-to-1002").length).toBeGreaterThan(6_000);
    const xml = await answerer()(real);
    expect(xml).toContain(`<action application="bridge" data="{leg_timeout=30}user/1001@${TEST_DOMAIN}"/>`);
  });
});
