import { describe, expect, test } from "bun:test";
import { createLogger } from "./log.ts";
import { formatPretty } from "./log-pretty.ts";

function capture(format: "pretty" | "json") {
  const lines: string[] = [];
  const log = createLogger("info", { write: (s: string) => lines.push(s) }, format);
  return { log, lines };
}

describe("the log", () => {
  test("json: one JSON object per line, secrets redacted", () => {
    const { log, lines } = capture("json");
    log.info({ method: "GET", path: "/api/v1/calls", status: 200, us: 512, tokenName: "wallboard", token: "cb_secret" }, "http");
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 30, msg: "http", method: "GET", path: "/api/v1/calls", status: 200, us: 512, tokenName: "wallboard" });
    expect(entry.token).toBe("[redacted]");
  });

  test("pretty: one readable line a person can scan, with the same redaction", () => {
    const { log, lines } = capture("pretty");
    log.warn({ gateway: "belluz", lastStatus: "503 Service Unavailable", password: "hunter22" }, "gateway down");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN  gateway down gateway=belluz lastStatus="503 Service Unavailable" password=\[redacted\]\n$/);
    expect(lines[0]).not.toContain("hunter22");
  });

  test("pretty: an error's stack follows its line, indented", () => {
    const { log, lines } = capture("pretty");
    log.error({ err: new Error("disk full") }, "CDR not stored");
    expect(lines[0]).toMatch(/ERROR CDR not stored\n {4}Error: disk full\n {8}at /);
  });

  test("pretty passes through what is not JSON instead of dropping it", () => {
    expect(formatPretty("not json")).toBe("not json\n");
  });
});
