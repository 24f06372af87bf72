import { describe, expect, test } from "bun:test";
import { testApp } from "./support/deps.ts";

const read = async (res: Response): Promise<any> => res.json();

describe("GET /api/v1/whoami tells a client what its token may do", () => {
  test("an admin token is named and says admin", async () => {
    const { call, admin } = testApp();
    const res = await call("GET", "/api/v1/whoami", undefined, admin);
    expect(res.status).toBe(200);
    expect(await read(res)).toEqual({ name: "test-admin", role: "admin" });
  });

  test("a viewer token says viewer, so the dashboard can start read-only", async () => {
    const { call, viewer } = testApp();
    const res = await call("GET", "/api/v1/whoami", undefined, viewer);
    expect(res.status).toBe(200);
    expect(await read(res)).toEqual({ name: "test-viewer", role: "viewer" });
  });

  test("without a token it is 401 like every /api/v1 route", async () => {
    const { call } = testApp();
    const res = await call("GET", "/api/v1/whoami", undefined, null);
    expect(res.status).toBe(401);
    expect((await read(res)).error.code).toBe("unauthorized");
  });

  test("it is described in the OpenAPI document", async () => {
    const { call } = testApp();
    const doc = await read(await call("GET", "/api/openapi.json"));
    const get = doc.paths["/api/v1/whoami"]?.get;
    expect(get).toBeDefined();
    expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(["200", "401"]));
    expect(doc.components.schemas.Whoami.properties.role.enum).toEqual(["admin", "viewer"]);
  });
});
