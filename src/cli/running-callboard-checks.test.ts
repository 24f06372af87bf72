import { afterAll, describe, expect, test } from "bun:test";
import { testDeps } from "../../test/support/deps.ts";
import { fakeEventSocket, installDirs, PASSWORD } from "../../test/support/doctor-fixtures.ts";
import { startServer } from "../system.ts";
import { runChecks } from "./doctor.ts";
import { judgeXmlcurl, XMLCURL_QUIET_SECONDS } from "./running-callboard-checks.ts";

const { healthyDataDir, removeAll } = installDirs();
const esl = await fakeEventSocket(PASSWORD);
afterAll(() => {
  esl.close();
  removeAll();
});

describe("what FreeSWITCH and the running callboard say", () => {
  test("a FreeSWITCH that never asked callboard is a warning that says where to look", async () => {
    const quiet = startServer(testDeps());
    try {
      const results = await runChecks({ CALLBOARD_DATA_DIR: healthyDataDir(), CALLBOARD_HTTP_PORT: String(quiet.port), CALLBOARD_ESL_PORT: String(esl.port), CALLBOARD_ESL_PASSWORD: PASSWORD });
      expect(results.find((r) => r.check === "xml_curl fetched")).toMatchObject({ status: "warn", detail: expect.stringContaining("gateway-url") });
    } finally {
      await quiet.stop();
    }
  });

  test("FreeSWITCH silent for over an hour is a warning; a minute ago is fine", () => {
    const metrics = (at: number) => `callboard_xmlcurl_last_request_timestamp_seconds{section="directory"} ${at}\n`;
    expect(judgeXmlcurl(metrics(1000), 1060)).toEqual({ status: "ok", check: "xml_curl fetched", detail: "FreeSWITCH last asked 60 s ago (directory)" });
    expect(judgeXmlcurl(metrics(1000), 1000 + XMLCURL_QUIET_SECONDS + 600).status).toBe("warn");
  });
});
