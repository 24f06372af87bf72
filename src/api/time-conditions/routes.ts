import { createRoute } from "@hono/zod-openapi";
import { listErrors, readErrors, writeErrors } from "../crud-support.ts";
import { zPageQuery } from "../pagination.ts";
import { zTimeCondition, zTimeConditionCreate, zTimeConditionPage, zTimeConditionParam, zTimeConditionPatch } from "./schemas.ts";

const tags = ["time-conditions"];
const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

export const listRoute = createRoute({
  method: "get",
  path: "/time-conditions",
  operationId: "listTimeConditions",
  tags,
  summary: "List time conditions, ordered by name",
  request: { query: zPageQuery },
  responses: { 200: json(zTimeConditionPage, "a page of time conditions"), ...listErrors },
});

export const createTimeConditionRoute = createRoute({
  method: "post",
  path: "/time-conditions",
  operationId: "createTimeCondition",
  tags,
  summary: "Create a time condition: a schedule, where calls go while it is open and while it is closed (422 for an unknown destination or a loop)",
  request: { body: { required: true, content: { "application/json": { schema: zTimeConditionCreate } } } },
  responses: { 201: json(zTimeCondition, "created"), ...writeErrors },
});

export const getRoute = createRoute({
  method: "get",
  path: "/time-conditions/{name}",
  operationId: "getTimeCondition",
  tags,
  summary: "One time condition",
  request: { params: zTimeConditionParam },
  responses: { 200: json(zTimeCondition, "the time condition"), ...readErrors },
});

export const patchRoute = createRoute({
  method: "patch",
  path: "/time-conditions/{name}",
  operationId: "updateTimeCondition",
  tags,
  summary: "Change fields of a time condition; `schedule` replaces the whole schedule",
  request: { params: zTimeConditionParam, body: { required: true, content: { "application/json": { schema: zTimeConditionPatch } } } },
  responses: { 200: json(zTimeCondition, "the time condition as stored"), ...writeErrors },
});

export const deleteRoute = createRoute({
  method: "delete",
  path: "/time-conditions/{name}",
  operationId: "deleteTimeCondition",
  tags,
  summary: "Delete a time condition (409 while a DID or another time condition points at it)",
  request: { params: zTimeConditionParam },
  responses: { 204: { description: "deleted" }, ...writeErrors },
});
