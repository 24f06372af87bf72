import { createRoute } from "@hono/zod-openapi";
import { listErrors, readErrors, writeErrors } from "../crud-support.ts";
import { zPageQuery } from "../pagination.ts";
import { zRoute, zRouteCreate, zRoutePage, zRouteParam, zRoutePatch } from "./schemas.ts";

const tags = ["outbound-routes"];
const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

export const listRoute = createRoute({
  method: "get",
  path: "/outbound-routes",
  operationId: "listOutboundRoutes",
  tags,
  summary: "List outbound routes in the order they are tried (priority, then name)",
  request: { query: zPageQuery },
  responses: { 200: json(zRoutePage, "a page of routes"), ...listErrors },
});

export const createOutboundRoute = createRoute({
  method: "post",
  path: "/outbound-routes",
  operationId: "createOutboundRoute",
  tags,
  summary: "Send numbers matching a pattern out through a gateway",
  request: { body: { required: true, content: { "application/json": { schema: zRouteCreate } } } },
  responses: { 201: json(zRoute, "created"), ...writeErrors },
});

export const getRoute = createRoute({
  method: "get",
  path: "/outbound-routes/{name}",
  operationId: "getOutboundRoute",
  tags,
  summary: "One outbound route",
  request: { params: zRouteParam },
  responses: { 200: json(zRoute, "the route"), ...readErrors },
});

export const patchRoute = createRoute({
  method: "patch",
  path: "/outbound-routes/{name}",
  operationId: "updateOutboundRoute",
  tags,
  summary: "Change an outbound route",
  request: { params: zRouteParam, body: { required: true, content: { "application/json": { schema: zRoutePatch } } } },
  responses: { 200: json(zRoute, "the route as stored"), ...writeErrors },
});

export const deleteRoute = createRoute({
  method: "delete",
  path: "/outbound-routes/{name}",
  operationId: "deleteOutboundRoute",
  tags,
  summary: "Delete an outbound route",
  request: { params: zRouteParam },
  responses: { 204: { description: "deleted" }, ...writeErrors },
});
