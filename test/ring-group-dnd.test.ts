/**
 * Ring groups and do-not-disturb, through REST and the dialplan answer: a
 * member with DND on (PATCH callHandling, or *78 from the phone) is left out
 * of the group's bridge; with every member on DND the group goes straight to
 * its fallback. Decided per call from the stored rows.
 */
import { describe, expect, test } from "bun:test";
import { testApp, TEST_DOMAIN as D } from "./support/deps.ts";
import { fsEncode, postXml } from "./support/xmlcurl-bodies.ts";

async function pbx(strategy: "simultaneous" | "sequential") {
  const t = testApp();
  const ok = async (method: string, path: string, body: unknown) => expect((await t.call(method, `/api/v1${path}`, body)).status).toBeLessThan(300);
  for (const number of ["1001", "1002", "1003"]) await ok("POST", "/extensions", { number, name: `Operator ${number}` });
  await ok("POST", "/ring-groups", { name: "sales", strategy, members: ["1001", "1002"], fallback: { type: "extension", target: "1003" } });
  await ok("POST", "/dids", { number: "998785553322", destination: { type: "ring_group", target: "sales" } });
  const dnd = (number: string, on: boolean) => ok("PATCH", `/extensions/${number}`, { callHandling: { dnd: on } });
  const bridges = async () => {
    const body = Object.entries({ section: "dialplan", "Caller-Context": "public", "Caller-Destination-Number": "998785553322" }).map(([k, v]) => `${k}=${fsEncode(v)}`).join("&");
    const res = await postXml(t.app, body);
    expect(res.status).toBe(200);
    return [...(await res.text()).matchAll(/application="bridge" data="([^"]*)"/g)].map((m) => m[1]!);
  };
  return { dnd, bridges };
}

const rings = (bridge: string, number: string) => bridge.includes(`dialed_user=${number},`);

describe("a ring group member on do-not-disturb", () => {
  for (const strategy of ["simultaneous", "sequential"] as const) {
    test(`${strategy}: is not in the group's bridge while the other member is; off again, it is back`, async () => {
      const { dnd, bridges } = await pbx(strategy);
      await dnd("1001", true);
      const [group, fallback] = await bridges();
      expect(rings(group!, "1002")).toBe(true);
      expect(rings(group!, "1001")).toBe(false);
      expect(rings(fallback!, "1003")).toBe(true);
      await dnd("1001", false);
      const [again] = await bridges();
      expect(rings(again!, "1001") && rings(again!, "1002")).toBe(true);
    });
  }

  test("with every member on do-not-disturb the call goes straight to the fallback, as unanswered", async () => {
    const { dnd, bridges } = await pbx("simultaneous");
    await dnd("1001", true);
    await dnd("1002", true);
    const steps = await bridges();
    expect(steps).toHaveLength(1);
    expect(rings(steps[0]!, "1003")).toBe(true);
    expect(steps[0]).toContain(`sofia/internal/1003%${D}`);
  });
});
