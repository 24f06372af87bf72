import { createRoute } from "@hono/zod-openapi";
import { listErrors, readErrors, writeErrors } from "../crud-support.ts";
import { zPageQuery } from "../pagination.ts";
import { zRingGroup, zRingGroupCreate, zRingGroupPage, zRingGroupParam, zRingGroupPatch } from "./schemas.ts";

const tags = ["ring-groups"];
const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

export const listRoute = createRoute({
  method: "get",
  path: "/ring-groups",
  operationId: "listRingGroups",
  tags,
  summary: "List ring groups, ordered by name",
  request: { query: zPageQuery },
  responses: { 200: json(zRingGroupPage, "a page of ring groups"), ...listErrors },
});

export const createRingGroupRoute = createRoute({
  method: "post",
  path: "/ring-groups",
  operationId: "createRingGroup",
  tags,
  summary: "Create a ring group: extensions rung at once or in order, then a fallback (422 for an unknown member or fallback, or a loop)",
  request: { body: { required: true, content: { "application/json": { schema: zRingGroupCreate } } } },
  responses: { 201: json(zRingGroup, "created"), ...writeErrors },
});

export const getRoute = createRoute({
  method: "get",
  path: "/ring-groups/{name}",
  operationId: "getRingGroup",
  tags,
  summary: "One ring group",
  request: { params: zRingGroupParam },
  responses: { 200: json(zRingGroup, "the ring group"), ...readErrors },
});

export const patchRoute = createRoute({
  method: "patch",
  path: "/ring-groups/{name}",
  operationId: "updateRingGroup",
  tags,
  summary: "Change fields of a ring group; `members` replaces the whole list",
  request: { params: zRingGroupParam, body: { required: true, content: { "application/json": { schema: zRingGroupPatch } } } },
  responses: { 200: json(zRingGroup, "the ring group as stored"), ...writeErrors },
});

export const deleteRoute = createRoute({
  method: "delete",
  path: "/ring-groups/{name}",
  operationId: "deleteRingGroup",
  tags,
  summary: "Delete a ring group (409 while a DID or another group's fallback points at it)",
  request: { params: zRingGroupParam },
  responses: { 204: { description: "deleted" }, ...writeErrors },
});
