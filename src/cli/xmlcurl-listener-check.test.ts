import { expect, test } from "bun:test";
import { freeswitchSourceCheck } from "../http/source-guard.ts";
import { createLogger } from "../log.ts";
import { startXmlCurlListener } from "../xmlcurl/xmlcurl-listener.ts";
import { checkXmlCurlListener } from "./xmlcurl-listener-check.ts";

const log = createLogger("silent");

test("callboard's listener is recognised from an allowed address", async () => {
  const check = freeswitchSourceCheck({ allow: ["127.0.0.1"], listen: { host: "127.0.0.1", port: 0 } }, log);
  const listener = startXmlCurlListener({ host: "127.0.0.1", port: 0, answerBody: () => "", check, log });
  try {
    const r = await checkXmlCurlListener({ host: "127.0.0.1", port: listener.port }, true, 2000);
    expect(r).toMatchObject({ status: "ok", detail: expect.stringContaining(`CALLBOARD_XMLCURL_URL=http://127.0.0.1:${listener.port}`) });
  } finally {
    listener.stop();
  }
});

test("from an address the listener refuses at accept, doctor names the allow list as the likely cause", async () => {
  const check = freeswitchSourceCheck({ allow: ["10.9.9.9"], listen: { host: "127.0.0.1", port: 0 } }, log);
  const listener = startXmlCurlListener({ host: "127.0.0.1", port: 0, answerBody: () => "", check, log });
  try {
    const r = await checkXmlCurlListener({ host: "127.0.0.1", port: listener.port }, true, 2000);
    expect(r).toMatchObject({ status: "fail", detail: expect.stringContaining("CALLBOARD_XMLCURL_ALLOW") });
  } finally {
    listener.stop();
  }
});

test("another program on the port fails; a free port is fine until callboard runs without it", async () => {
  const other = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("hello") });
  try {
    expect(await checkXmlCurlListener({ host: "127.0.0.1", port: other.port! }, true, 2000)).toMatchObject({ status: "fail", detail: expect.stringContaining("another program") });
  } finally {
    other.stop(true);
  }
  const port = other.port!;
  expect((await checkXmlCurlListener({ host: "127.0.0.1", port }, false, 2000)).status).toBe("ok");
  expect(await checkXmlCurlListener({ host: "127.0.0.1", port }, true, 2000)).toMatchObject({ status: "fail", detail: expect.stringContaining("nothing listens") });
});
