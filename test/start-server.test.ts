import { expect, test } from "bun:test";
import { startServer } from "../src/system.ts";
import { testConfig, testDeps } from "./support/deps.ts";

const freePort = () => {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
};

test("when the HTTP port cannot be had, startServer throws and leaves the xml_curl port free for a retry", () => {
  const taken = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
  const xmlcurlPort = freePort();
  try {
    const deps = testDeps({ config: testConfig({ CALLBOARD_HTTP_PORT: String(taken.port), CALLBOARD_XMLCURL_PORT: String(xmlcurlPort) }) });
    expect(() => startServer(deps)).toThrow();
    const again = Bun.listen({ hostname: "127.0.0.1", port: xmlcurlPort, socket: { data() {} } });
    again.stop(true);
  } finally {
    taken.stop(true);
  }
});
