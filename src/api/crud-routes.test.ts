import { describe, expect, test } from "bun:test";
import { z } from "@hono/zod-openapi";
import { crudRoutes, type CrudRouteSpec } from "./crud-routes.ts";

const thing = z.object({ name: z.string() });
const spec: CrudRouteSpec = {
  path: "/things",
  tag: "things",
  singular: "Thing",
  plural: "Things",
  schemas: { param: thing, item: thing, page: thing, create: thing, patch: thing },
  summaries: { list: "List things", create: "Create a thing", get: "One thing", patch: "Change a thing", delete: "Delete a thing" },
  describe: { page: "a page of things", item: "the thing" },
};

describe("a collection's five routes", () => {
  test("are addressed by name under one path, with operation ids a client generator turns into method names", () => {
    const routes = crudRoutes(spec);
    expect(Object.values(routes).map((r) => `${r.method} ${r.path} ${r.operationId}`)).toEqual([
      "get /things listThings",
      "post /things createThing",
      "get /things/{name} getThing",
      "patch /things/{name} updateThing",
      "delete /things/{name} deleteThing",
    ]);
  });

  test("a delete answers 204 with no body, unless the collection says what a delete answers", () => {
    expect(Object.keys(crudRoutes(spec).delete.responses)).toContain("204");
    const deleted = z.object({ deleted: z.literal(true) });
    const withBody = crudRoutes({ ...spec, schemas: { ...spec.schemas, deleted } }).delete.responses;
    expect(Object.keys(withBody)).not.toContain("204");
    expect(withBody[200]).toEqual({ description: "deleted", content: { "application/json": { schema: deleted } } });
  });

  test("a create and a patch answer what FreeSWITCH made of the write when the collection has a written shape", () => {
    const written = thing.extend({ freeswitch: z.object({ applied: z.boolean() }) });
    const routes = crudRoutes({ ...spec, schemas: { ...spec.schemas, written } });
    expect(routes.create.responses[201]).toEqual({ description: "created", content: { "application/json": { schema: written } } });
    expect(routes.patch.responses[200]).toEqual({ description: "the thing as stored", content: { "application/json": { schema: written } } });
    expect(routes.get.responses[200]).toEqual({ description: "the thing", content: { "application/json": { schema: thing } } });
  });
});
