import { afterAll, expect, test } from "bun:test";
import { startServer } from "../src/system.ts";
import { testDeps } from "./support/deps.ts";

const server = startServer(testDeps());
afterAll(() => server.stop());

test("GET /health answers without a token over a real socket", async () => {
  const res = await fetch(`${server.url}/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true, esl: "disconnected" });
});

test("an unknown path answers the JSON error shape", async () => {
  const res = await fetch(`${server.url}/nope`);
  expect(res.status).toBe(404);
  const body = (await res.json()) as { error: { code: string } };
  expect(body.error.code).toBe("not_found");
});
