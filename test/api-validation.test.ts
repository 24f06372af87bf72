import { describe, expect, test } from "bun:test";
import { extensions, gateways } from "../src/db/schema.ts";
import { testApp } from "./support/deps.ts";

const read = async (res: Response): Promise<any> => res.json();

const INJECTIONS = [
  "$",
  "{",
  "}",
  "<",
  ">",
  '"',
  "'",
  ";",
  "|",
  ",",
  "\n",
  '<X-PRE-PROCESS cmd="exec" data="id"/>',
  "$${hostname}",
  "${sofia_contact(1001)}",
];

/** A valid body per resource and the fields an injection must be refused in. */
const CASES: { path: string; body: Record<string, unknown>; fields: string[] }[] = [
  {
    path: "/api/v1/extensions",
    body: { number: "1003", name: "Operator 3", callerIdName: "Reception", callerIdNumber: "998785553322" },
    fields: ["number", "name", "callerIdName", "callerIdNumber"],
  },
  {
    path: "/api/v1/gateways",
    body: { name: "uztel", host: "sip.uztel.uz", username: "998712000000", password: "uztelpass1", fromDomain: "uztel.uz" },
    fields: ["name", "host", "username", "password", "fromDomain"],
  },
  {
    path: "/api/v1/dids",
    body: { number: "998712000000", description: "Support line", gateway: "belluz", destination: { type: "extension", target: "1001" } },
    fields: ["number", "description", "gateway", "destination.target"],
  },
  {
    path: "/api/v1/outbound-routes",
    body: { name: "uz-fixed", pattern: "^\\+?(99871\\d{7})$", gateway: "belluz", prepend: "", callerIdNumber: "998785553322" },
    fields: ["name", "pattern", "gateway", "prepend", "callerIdNumber"],
  },
];

function withField(body: Record<string, unknown>, field: string, value: string) {
  const copy = structuredClone(body);
  const [head, tail] = field.split(".") as [string, string | undefined];
  if (tail) (copy[head] as Record<string, unknown>)[tail] = value;
  else copy[head] = value;
  return copy;
}

async function pbx() {
  const app = testApp();
  await app.call("POST", "/api/v1/extensions", { number: "1001", name: "Operator 1" });
  await app.call("POST", "/api/v1/gateways", { name: "belluz", host: "bell.uz", username: "998785553322", password: "belluzpass" });
  return app;
}

describe("values carrying FreeSWITCH syntax are refused with 422 naming the field", () => {
  for (const { path, body, fields } of CASES) {
    for (const field of fields) {
      test(`${path} ${field}`, async () => {
        const { call } = await pbx();
        // The unmodified body is valid, so a refusal below is due to the injected value alone.
        const baseline = await call("POST", path, body);
        expect(baseline.status).toBe(201);
        await call("DELETE", `${path}/${encodeURIComponent(String(body.number ?? body.name))}`);
        for (const evil of INJECTIONS) {
          const plain = String(field === "password" ? "Long-enough-pass" : (field.split(".").reduce<any>((o, k) => o[k], body) ?? ""));
          const res = await call("POST", path, withField(body, field, `${plain}${evil}`));
          if (res.status !== 422) throw new Error(`${field} accepted ${JSON.stringify(evil)}: ${res.status}`);
          expect((await read(res)).error.field).toBe(field);
        }
      });
    }
  }

  test("an extension password may hold any printable character: only its a1-hash is stored, never sent", async () => {
    const { call } = await pbx();
    const res = await call("POST", "/api/v1/extensions", { number: "1009", name: "Op 9", password: "$${x}<'|;,\">" });
    expect(res.status).toBe(201);
  });

  test("PATCH bodies are checked the same way", async () => {
    const { call, deps } = await pbx();
    const res = await call("PATCH", "/api/v1/extensions/1001", { name: "Op<X-PRE-PROCESS cmd=\"exec\" data=\"id\"/>" });
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toBe("name");
    const gw = await call("PATCH", "/api/v1/gateways/belluz", { host: "bell.uz$${x}" });
    expect((await read(gw)).error.field).toBe("host");
    expect(deps.db.select().from(extensions).get()!.name).toBe("Operator 1");
    expect(deps.db.select().from(gateways).get()!.host).toBe("bell.uz");
  });
});

describe("request bodies", () => {
  test("malformed JSON is 400 in the error shape", async () => {
    const { app, admin } = testApp();
    const res = await app.request("/api/v1/extensions", {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: '{"number": "1001",',
    });
    expect(res.status).toBe(400);
    expect((await read(res)).error.code).toBe("bad_request");
  });

  test("a missing required field is 422 naming it", async () => {
    const { call } = testApp();
    const res = await call("POST", "/api/v1/gateways", { name: "belluz", host: "bell.uz", username: "u1" });
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toBe("password");
  });

  test("a wrong type is 422 naming the field", async () => {
    const { call } = testApp();
    const res = await call("POST", "/api/v1/extensions", { number: "1001", name: "Operator 1", record: "yes" });
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toBe("record");
  });
});

describe("pagination", () => {
  test("limit and offset page through a collection with its total", async () => {
    const { call } = testApp();
    for (const n of ["1005", "1001", "1004", "1002", "1003"]) await call("POST", "/api/v1/extensions", { number: n, name: `Op ${n}` });
    const page = await read(await call("GET", "/api/v1/extensions?limit=2&offset=2"));
    expect(page.total).toBe(5);
    expect(page.limit).toBe(2);
    expect(page.offset).toBe(2);
    expect(page.items.map((e: { number: string }) => e.number)).toEqual(["1003", "1004"]);
    const last = await read(await call("GET", "/api/v1/extensions?limit=2&offset=4"));
    expect(last.items.map((e: { number: string }) => e.number)).toEqual(["1005"]);
    const beyond = await read(await call("GET", "/api/v1/extensions?offset=10"));
    expect(beyond).toEqual({ items: [], total: 5, limit: 50, offset: 10 });
  });

  test.each(["limit=0", "limit=501", "offset=-1", "limit=abc"])("%s is 422 naming the parameter", async (query) => {
    const { call } = testApp();
    const res = await call("GET", `/api/v1/gateways?${query}`);
    expect(res.status).toBe(422);
    expect((await read(res)).error.field).toBe(query.split("=")[0]);
  });
});

test("the OpenAPI 3.1 document, behind a token like everything but /health, lists every PBX object path", async () => {
  const { app, call } = testApp();
  expect((await app.request("/api/openapi.json")).status).toBe(401);
  const res = await call("GET", "/api/openapi.json");
  expect(res.status).toBe(200);
  const doc = await read(res);
  expect(doc.openapi).toBe("3.1.0");
  for (const path of [
    "/api/v1/extensions",
    "/api/v1/extensions/{number}",
    "/api/v1/extensions/{number}/reset-password",
    "/api/v1/gateways",
    "/api/v1/gateways/{name}",
    "/api/v1/gateways/{name}/register",
    "/api/v1/gateways/{name}/status",
    "/api/v1/dids",
    "/api/v1/dids/{number}",
    "/api/v1/outbound-routes",
    "/api/v1/outbound-routes/{name}",
  ]) {
    expect(Object.keys(doc.paths)).toContain(path);
  }
  expect(Object.keys(doc.paths["/api/v1/extensions/{number}"])).toEqual(expect.arrayContaining(["get", "patch", "delete"]));
  expect(doc.components.schemas.ExtensionCreate.required).toEqual(expect.arrayContaining(["number", "name"]));
  expect(JSON.stringify(doc.components.schemas.Gateway)).not.toContain('"password"');
});

test("the docs page itself holds no data and asks the browser for a token to fetch the document", async () => {
  const { app } = testApp();
  const res = await app.request("/api/docs");
  expect(res.status).toBe(200);
  const html = await res.text();
  // The page's script is a file of its own (the page's CSP allows no inline script).
  const init = /<script src="([^"]*callboard-init\.js)"/.exec(html)?.[1];
  const script = await (await app.request(init ?? "/missing")).text();
  expect(script).toContain("/api/openapi.json");
  expect(script).toContain('req.headers.Authorization = "Bearer " + t');
});
