/**
 * Rows written straight into the database (bypassing the API's zod schemas)
 * carrying dialplan, preprocessor or XML syntax never reach a reply unescaped:
 * the renderers re-check every value and drop or refuse what fails.
 */
import { describe, expect, test } from "bun:test";
import { PROMPT_TONES } from "../src/pbx/voicemail-prompts.ts";
import { Writable } from "node:stream";
import { create } from "xmlbuilder2";
import { createLogger } from "../src/log.ts";
import { gatewayPasswordProblem } from "../src/pbx/passwords.ts";
import { dids, extensions, gateways, outboundRoutes } from "../src/db/schema.ts";
import { TEST_DOMAIN, testApp } from "./support/deps.ts";
import { BELLUZ_PASSWORD, NOT_FOUND, a1, editBody, fixtureBody, postXml, seedPbx } from "./support/xmlcurl-bodies.ts";

const D = TEST_DOMAIN;
const EVIL = [
  `Evil"/><X-PRE-PROCESS cmd="exec" data="touch /tmp/pwned"/>`,
  "$${hostname}",
  "${system(id)}",
  "a;b|c,d'e",
  "line1\nline2",
  "{origination_caller_id_number=1}",
  "1003${x}",
];

function assertHarmless(xml: string) {
  expect(() => create(xml)).not.toThrow();
  expect(xml).not.toContain("<X-PRE-PROCESS");
  expect(xml).not.toContain("${");
  // The only $ allowed is the end anchor of a condition expression.
  expect(xml.replaceAll('$"', '"')).not.toContain("$");
  expect(xml).not.toContain("\n");
  for (const [, value] of xml.matchAll(/ (?:data|value|name|id|expression)="([^"]*)"/g)) {
    // Lists callboard itself writes: the codec list, the dial string's own variables, a voicemail prompt's tone (teletone's commas).
    const v = (value ?? "")
      .replaceAll("PCMA,PCMU", "")
      .replace(/^\{sip_invite_domain=[a-z0-9.-]+,presence_id=\d{2,6}@[a-z0-9.-]+\}/, "")
      .replace(new RegExp(`^(?:${Object.values(PROMPT_TONES).map((t) => t.replace(/[()%]/g, "\\$&")).join("|")})$`), "");
    expect(v).not.toMatch(/[;|,'`\\]|&quot;|&lt;|&gt;/);
  }
}

const directory = (user: string) =>
  editBody(fixtureBody("directory-sip_auth-REGISTER-1001"), { key_value: D, domain: D, sip_auth_realm: D, user, sip_auth_username: user });
const dial = (caller: string, destination: string, context = "default") =>
  editBody(fixtureBody("dialplan-sofia-inbound-to-1002"), {
    variable_user_name: caller,
    "Caller-Destination-Number": destination,
    "Hunt-Destination-Number": destination,
    "Caller-Context": context,
    "Hunt-Context": context,
  });

function poisoned() {
  const t = testApp();
  const { gatewayId } = seedPbx(t.deps);
  const db = t.deps.db;
  EVIL.forEach((evil, i) => {
    const number = `20${i}`;
    db.insert(extensions)
      .values({ number, name: evil, callerIdName: evil, callerIdNumber: evil, a1Hash: a1(number, "Whatever-pass-1"), realm: D, record: true })
      .run();
    db.insert(dids)
      .values({ number: `99871000000${i}`, destinationType: "extension", destinationTarget: i % 2 ? `1001${evil}` : evil, record: true })
      .run();
    db.insert(gateways)
      .values({
        name: `gw${i}`,
        host: i % 2 ? evil : "bell.uz",
        username: i % 2 ? "ok" : evil,
        passwordEnc: t.deps.secrets.seal(evil),
        fromDomain: evil,
      })
      .run();
    db.insert(outboundRoutes)
      .values({ name: `r${i}`, pattern: `^(99${i}\\d+)$`, gatewayId, prepend: evil, callerIdNumber: evil, priority: i })
      .run();
  });
  const evilGw = db.insert(gateways).values({ name: EVIL[0] ?? "", host: "bell.uz", username: "u", passwordEnc: t.deps.secrets.seal("x") }).returning().get();
  // A company number of its own, so the routing lets the call through and the renderer's check is what refuses it.
  db.insert(outboundRoutes).values({ name: "evil-gw", pattern: "^(777\\d+)$", gatewayId: evilGw.id, priority: 0, callerIdNumber: "998785553322" }).run();
  db.insert(extensions).values({ number: "2099", name: "Bad hash", a1Hash: `"/><X-PRE-PROCESS cmd="exec"/>`, realm: D }).run();
  const ask = async (body: string) => {
    const res = await postXml(t.app, body);
    expect(res.status).toBe(200);
    return res.text();
  };
  return { ...t, ask };
}

describe("poisoned rows", () => {
  test("a directory entry keeps its a1-hash but drops caller ids that are not safe", async () => {
    const { ask } = poisoned();
    for (let i = 0; i < EVIL.length; i++) {
      const xml = await ask(directory(`20${i}`));
      assertHarmless(xml);
      expect(xml).toContain(`<user id="20${i}" cacheable="1800000"><params><param name="a1-hash"`);
      expect(xml).not.toContain("effective_caller_id_name");
    }
  });

  test("a user whose a1-hash is not a hash is not handed out at all", async () => {
    const { ask } = poisoned();
    expect(await ask(directory("2099"))).toBe(NOT_FOUND);
  });

  test("calls to and from poisoned extensions and DIDs carry nothing unsafe", async () => {
    const { ask } = poisoned();
    for (let i = 0; i < EVIL.length; i++) {
      assertHarmless(await ask(dial(`20${i}`, "1001")));
      assertHarmless(await ask(dial("1001", `20${i}`)));
      assertHarmless(await ask(dial("-", `99871000000${i}`, "public")));
      assertHarmless(await ask(dial("1001", `99${i}12345678`)));
    }
  });

  test("a route on a gateway whose name is unsafe refuses the call instead of bridging", async () => {
    const { ask } = poisoned();
    const xml = await ask(dial("1001", "77712345"));
    assertHarmless(xml);
    expect(xml).toContain('<extension name="refused">');
    expect(xml).toContain('data="NORMAL_TEMPORARY_FAILURE"');
  });

  test("an outbound class outside the four is never written into the directory, and its extension may not call out", async () => {
    const { ask, deps } = poisoned();
    for (const [i, odd] of ["$${hostname}", "${system(id)}", "Internal"].entries()) {
      const number = `21${i}`;
      const outboundClass = odd as typeof extensions.$inferInsert.outboundClass;
      deps.db.insert(extensions).values({ number, name: "Odd class", a1Hash: a1(number, "Whatever-pass-1"), realm: D, outboundClass }).run();
      const xml = await ask(directory(number));
      assertHarmless(xml);
      expect(xml).toContain(`<user id="${number}" cacheable="1800000">`);
      expect(xml).not.toContain("callboard_outbound_class");
      expect(await ask(dial(number, "998901234567"))).toContain('<action application="hangup" data="OUTGOING_CALL_BARRED"/>');
    }
  });

  test("sofia.conf leaves poisoned gateways out and keeps the good one", async () => {
    const { ask } = poisoned();
    const xml = await ask(fixtureBody("configuration-sofia.conf-config_sofia"));
    assertHarmless(xml);
    expect(xml).toContain(`<param name="password" value="${BELLUZ_PASSWORD}"/>`);
    expect(xml.match(/<gateway /g)).toHaveLength(1);
  });

  test("a gateway password the API would refuse, forced into the database, keeps the gateway out of sofia.conf and is logged", async () => {
    const lines: Record<string, any>[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const t = testApp({ log: createLogger("info", sink) });
    seedPbx(t.deps);
    // Each passes the old renderer-only rule (no `${`, no control character) but not the API's.
    const refused = ["has space", `quo"te`, "semi;colon", "pipe|bar", "com,ma", "back\\slash", "$$dollar", "x".repeat(129)];
    refused.forEach((password, i) => {
      expect(gatewayPasswordProblem(password)).toBeDefined();
      t.deps.db
        .insert(gateways)
        .values({ name: `forced${i}`, host: "bell.uz", username: "u1", passwordEnc: t.deps.secrets.seal(password) })
        .run();
    });
    const res = await postXml(t.app, fixtureBody("configuration-sofia.conf-config_sofia"));
    const xml = await res.text();
    expect(xml).toContain('<gateway name="belluz">');
    expect(xml).not.toContain('<gateway name="forced');
    const line = lines.find((l) => l.msg === "xml_curl" && l.level === 40);
    expect(line?.problems).toHaveLength(refused.length);
    for (let i = 0; i < refused.length; i++) expect(line?.problems[i]).toStartWith(`gateway forced${i} left out: unsafe password (must `);
    expect(JSON.stringify(lines)).not.toContain("semi;colon");
  });

  test("request fields carrying the same syntax are never echoed", async () => {
    const { ask } = poisoned();
    for (const evil of EVIL) {
      assertHarmless(await ask(dial("1001", evil)));
      assertHarmless(await ask(dial("1001", "1002", evil)));
      assertHarmless(await ask(directory(evil)));
      assertHarmless(await ask(`${fixtureBody("configuration-sofia.conf-profile-external")}&gateway=${encodeURIComponent(evil)}`));
    }
  });
});

test("no reply to any captured FreeSWITCH request contains ${ or $${", async () => {
  const t = testApp();
  seedPbx(t.deps);
  const { readdirSync } = await import("node:fs");
  const { XMLCURL_DIR } = await import("./support/xmlcurl-bodies.ts");
  for (const file of readdirSync(XMLCURL_DIR).filter((f) => f.endsWith(".body"))) {
    const xml = await (await postXml(t.app, fixtureBody(file.replace(/\.body$/, "")))).text();
    assertHarmless(xml);
  }
});
