import { describe, expect, test } from "bun:test";
import { outboundRoutes } from "../../db/schema.ts";
import { testApp } from "../../../test/support/deps.ts";

const read = async (res: Response): Promise<any> => res.json();
const route = { name: "uz-mobile", pattern: "^\\+?(998\\d{9})$", gateway: "belluz", class: "national" };

async function pbx() {
  const app = testApp();
  await app.call("POST", "/api/v1/gateways", { name: "belluz", host: "bell.uz", username: "998785553322", password: "belluzpass" });
  return app;
}

describe("an outbound route's caller id name", () => {
  test("is stored, read back and cleared with null; without one it is null", async () => {
    const { call } = await pbx();
    const created = await call("POST", "/api/v1/outbound-routes", { ...route, callerIdName: "Bell Savdo LLC" });
    expect(created.status).toBe(201);
    expect(await read(created)).toMatchObject({ callerIdName: "Bell Savdo LLC" });
    expect(await read(await call("GET", "/api/v1/outbound-routes/uz-mobile"))).toMatchObject({ callerIdName: "Bell Savdo LLC" });
    expect(await read(await call("PATCH", "/api/v1/outbound-routes/uz-mobile", { callerIdName: null }))).toMatchObject({ callerIdName: null });
    const plain = await call("POST", "/api/v1/outbound-routes", { ...route, name: "plain" });
    expect(await read(plain)).toMatchObject({ callerIdName: null });
  });

  test.each(['Bell "Savdo"', "Bell 'Savdo'", "x${system(id)}", "a|b", "a,b", "a;b", "<b>", "a\nb", "{x}", ""])(
    "%j is refused with 422 naming callerIdName, and nothing is written",
    async (callerIdName) => {
      const { call, deps } = await pbx();
      const res = await call("POST", "/api/v1/outbound-routes", { ...route, callerIdName });
      expect(res.status).toBe(422);
      expect((await read(res)).error.field).toBe("callerIdName");
      expect(deps.db.select().from(outboundRoutes).all()).toHaveLength(0);
    },
  );

  test("is in the OpenAPI document of the create, patch and read shapes", async () => {
    const { call } = await pbx();
    const doc = await read(await call("GET", "/api/openapi.json"));
    for (const schema of ["OutboundRouteCreate", "OutboundRoutePatch", "OutboundRoute"]) {
      expect(Object.keys(doc.components.schemas[schema].properties)).toContain("callerIdName");
    }
  });
});
