import { createRoute, type RouteConfig, type z } from "@hono/zod-openapi";
import { listErrors, readErrors, writeErrors } from "./crud-support.ts";
import { zPageQuery } from "./pagination.ts";

type Schema = z.ZodType;

/** A collection's five routes, for src/api/crud-router.ts to serve. */
export type CrudRoutes = { list: RouteConfig; create: RouteConfig; get: RouteConfig; patch: RouteConfig; delete: RouteConfig };

/** What the OpenAPI document says of a collection of named objects; the rest is the same for every such collection. */
export type CrudRouteSpec = {
  /** `/ring-groups`; an object is `/ring-groups/{name}`. */
  path: string;
  tag: string;
  /** Operation ids: `list${plural}`, `create${singular}`, `get…`, `update…`, `delete…`. */
  singular: string;
  plural: string;
  schemas: {
    param: z.ZodObject;
    item: Schema;
    page: Schema;
    create: Schema;
    patch: Schema;
    /** What a create or patch answers instead of `item`: the object and what FreeSWITCH made of it. */
    written?: Schema;
    /** A delete answers 200 with this instead of 204. */
    deleted?: Schema;
  };
  summaries: { list: string; create: string; get: string; patch: string; delete: string };
  /** Response descriptions: `a page of ring groups`, `the ring group` (a patch answers it `as stored`). */
  describe: { page: string; item: string };
};

const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <T>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

/** list, create, get, patch and delete of a collection of objects addressed by name. */
export function crudRoutes(spec: CrudRouteSpec): CrudRoutes {
  const { path, schemas, summaries, describe } = spec;
  const tags = [spec.tag];
  const one = `${path}/{name}`;
  const written = schemas.written ?? schemas.item;
  return {
    list: createRoute({
      method: "get",
      path,
      operationId: `list${spec.plural}`,
      tags,
      summary: summaries.list,
      request: { query: zPageQuery },
      responses: { 200: json(schemas.page, describe.page), ...listErrors },
    }),
    create: createRoute({
      method: "post",
      path,
      operationId: `create${spec.singular}`,
      tags,
      summary: summaries.create,
      request: { body: body(schemas.create) },
      responses: { 201: json(written, "created"), ...writeErrors },
    }),
    get: createRoute({
      method: "get",
      path: one,
      operationId: `get${spec.singular}`,
      tags,
      summary: summaries.get,
      request: { params: schemas.param },
      responses: { 200: json(schemas.item, describe.item), ...readErrors },
    }),
    patch: createRoute({
      method: "patch",
      path: one,
      operationId: `update${spec.singular}`,
      tags,
      summary: summaries.patch,
      request: { params: schemas.param, body: body(schemas.patch) },
      responses: { 200: json(written, `${describe.item} as stored`), ...writeErrors },
    }),
    delete: createRoute({
      method: "delete",
      path: one,
      operationId: `delete${spec.singular}`,
      tags,
      summary: summaries.delete,
      request: { params: schemas.param },
      responses: { ...(schemas.deleted ? { 200: json(schemas.deleted, "deleted") } : { 204: { description: "deleted" } }), ...writeErrors },
    }),
  };
}
