import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeFsValue, dialplanCall, parseXmlCurlBody } from "./parse-request.ts";

const fixture = (stem: string) =>
  readFileSync(join(import.meta.dir, "../../test/fixtures/freeswitch/xmlcurl-requests", `${stem}.body`), "utf8");

describe("parseXmlCurlBody", () => {
  test("reads the lookup keys and the event headers of a captured REGISTER lookup", () => {
    const req = parseXmlCurlBody(fixture("directory-sip_auth-REGISTER-1001"));
    expect(req).toMatchObject({ section: "directory", tagName: "domain", keyName: "name", keyValue: "127.0.0.1" });
    expect(req.fields.get("sip_auth_uri")).toBe("sip:127.0.0.1:5060");
    expect(req.fields.get("Event-Date-GMT")).toBe("Sun, 22 Nov 2026 10:32:57 GMT");
    expect(req.fields.get("action")).toBe("sip_auth");
  });

  test("Cyrillic percent-encoded bytes and raw apostrophes decode to the caller's name", () => {
    const req = parseXmlCurlBody(fixture("dialplan-default-cyrillic-caller-to-1002"));
    expect(req.fields.get("Caller-Caller-ID-Name")).toBe("Оператор Qo'ng'iroq");
    expect(req.fields.get("variable_sip_full_from")).toBe(`"Оператор Qo'ng'iroq" <sip:1001@127.0.0.1>;tag=1667SIPpTag011`);
  });

  test("+ stays a plus (FreeSWITCH writes a space as %20) and broken escapes do not throw", () => {
    expect(decodeFsValue("+998901234567")).toBe("+998901234567");
    expect(decodeFsValue("a%20b")).toBe("a b");
    expect(decodeFsValue("100%")).toBe("100%");
    expect(decodeFsValue("%D0%9")).toBe("\uFFFD%9");
  });

  test("the first occurrence of a field wins, so a later header cannot replace the section", () => {
    expect(parseXmlCurlBody("section=directory&section=dialplan").section).toBe("directory");
  });
});

describe("dialplanCall", () => {
  test("the caller is the digest-authenticated user", () => {
    const call = dialplanCall(parseXmlCurlBody(fixture("dialplan-default-outbound-998901234567")));
    // Every field, the ones read on first use included, as routing sees them.
    const { context, destination, callerExtension, callerIdName, callerIdNumber, uuid, media, forwardHops, failedCause } = call;
    expect({ context, destination, callerExtension, callerIdName, callerIdNumber, uuid, media, forwardHops, failedCause }).toEqual({
      context: "default",
      destination: "998901234567",
      callerExtension: "1001",
      callerIdName: "Lab 1001",
      callerIdNumber: "1001",
      uuid: "fde4cc5e-99b4-4e09-b6c0-09a75399418a",
      media: { transport: "udp", srtpSuite: undefined },
      forwardHops: undefined,
      failedCause: undefined,
    });
  });

  test("the caller leg's transport and negotiated SRTP suite come along for CALLBOARD_SRTP=require", () => {
    const tls = "section=dialplan&Hunt-Context=default&Caller-Destination-Number=1002&variable_sip_via_protocol=tls";
    expect(dialplanCall(parseXmlCurlBody(tls)).media).toEqual({ transport: "tls", srtpSuite: undefined });
    const srtp = `${tls}&variable_rtp_secure_media_negotiated=AES_CM_128_HMAC_SHA1_80`;
    expect(dialplanCall(parseXmlCurlBody(srtp)).media).toEqual({ transport: "tls", srtpSuite: "AES_CM_128_HMAC_SHA1_80" });
  });

  test("a provider's caller id comes along for display (a ring group's prefixed name), never as the caller", () => {
    const call = dialplanCall(parseXmlCurlBody(fixture("dialplan-public-inbound-did-998785553322")));
    expect(call).toMatchObject({ context: "public", callerIdName: "998901112233", callerIdNumber: "998901112233" });
    expect(call.callerExtension).toBeUndefined();
  });

  test("a provider's call and a loopback leg have no caller extension", () => {
    expect(dialplanCall(parseXmlCurlBody(fixture("dialplan-public-inbound-did-998785553322"))).callerExtension).toBeUndefined();
    expect(dialplanCall(parseXmlCurlBody(fixture("dialplan-loopback-b-leg-to-9999"))).callerExtension).toBeUndefined();
  });

  test("callboard_caller counts only on a leg FreeSWITCH originated", () => {
    const base = "section=dialplan&Hunt-Context=default&Caller-Destination-Number=1002&variable_callboard_caller=1001";
    expect(dialplanCall(parseXmlCurlBody(`${base}&Call-Direction=outbound`)).callerExtension).toBe("1001");
    expect(dialplanCall(parseXmlCurlBody(`${base}&Call-Direction=inbound`)).callerExtension).toBeUndefined();
  });
});
