import { createRoute } from "@hono/zod-openapi";
import { listErrors, readErrors, writeErrors } from "../crud-support.ts";
import { zPageQuery } from "../pagination.ts";
import { zDid, zDidCreate, zDidPage, zDidParam, zDidPatch } from "./schemas.ts";

const tags = ["dids"];
const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

export const listRoute = createRoute({
  method: "get",
  path: "/dids",
  operationId: "listDids",
  tags,
  summary: "List the company's inbound numbers (DIDs), ordered by number",
  request: { query: zPageQuery },
  responses: { 200: json(zDidPage, "a page of DIDs"), ...listErrors },
});

export const createDidRoute = createRoute({
  method: "post",
  path: "/dids",
  operationId: "createDid",
  tags,
  summary: "Route an inbound number to a destination",
  request: { body: { required: true, content: { "application/json": { schema: zDidCreate } } } },
  responses: { 201: json(zDid, "created"), ...writeErrors },
});

export const getRoute = createRoute({
  method: "get",
  path: "/dids/{number}",
  operationId: "getDid",
  tags,
  summary: "One DID (any of the +998…, 998…, 9-digit forms)",
  request: { params: zDidParam },
  responses: { 200: json(zDid, "the DID"), ...readErrors },
});

export const patchRoute = createRoute({
  method: "patch",
  path: "/dids/{number}",
  operationId: "updateDid",
  tags,
  summary: "Change a DID's destination, gateway or flags",
  request: { params: zDidParam, body: { required: true, content: { "application/json": { schema: zDidPatch } } } },
  responses: { 200: json(zDid, "the DID as stored"), ...writeErrors },
});

export const deleteRoute = createRoute({
  method: "delete",
  path: "/dids/{number}",
  operationId: "deleteDid",
  tags,
  summary: "Delete a DID; calls to it then get UNALLOCATED_NUMBER",
  request: { params: zDidParam },
  responses: { 204: { description: "deleted" }, ...writeErrors },
});
