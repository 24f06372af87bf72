import { createRoute } from "@hono/zod-openapi";
import { listErrors, readErrors, writeErrors } from "../crud-support.ts";
import { zPageQuery } from "../pagination.ts";
import { zIvrMenu, zIvrMenuCreate, zIvrMenuPage, zIvrMenuParam, zIvrMenuPatch } from "./schemas.ts";

const tags = ["ivr-menus"];
const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

export const listRoute = createRoute({
  method: "get",
  path: "/ivr-menus",
  operationId: "listIvrMenus",
  tags,
  summary: "List IVR menus, ordered by name",
  request: { query: zPageQuery },
  responses: { 200: json(zIvrMenuPage, "a page of IVR menus"), ...listErrors },
});

export const createIvrMenuRoute = createRoute({
  method: "post",
  path: "/ivr-menus",
  operationId: "createIvrMenu",
  tags,
  summary: "Create an IVR menu: a greeting, digits to destinations, a fallback (422 for an unknown sound or destination, or a loop between menus)",
  request: { body: { required: true, content: { "application/json": { schema: zIvrMenuCreate } } } },
  responses: { 201: json(zIvrMenu, "created"), ...writeErrors },
});

export const getRoute = createRoute({
  method: "get",
  path: "/ivr-menus/{name}",
  operationId: "getIvrMenu",
  tags,
  summary: "One IVR menu",
  request: { params: zIvrMenuParam },
  responses: { 200: json(zIvrMenu, "the IVR menu"), ...readErrors },
});

export const patchRoute = createRoute({
  method: "patch",
  path: "/ivr-menus/{name}",
  operationId: "updateIvrMenu",
  tags,
  summary: "Change fields of an IVR menu; `options` replaces the whole list",
  request: { params: zIvrMenuParam, body: { required: true, content: { "application/json": { schema: zIvrMenuPatch } } } },
  responses: { 200: json(zIvrMenu, "the IVR menu as stored"), ...writeErrors },
});

export const deleteRoute = createRoute({
  method: "delete",
  path: "/ivr-menus/{name}",
  operationId: "deleteIvrMenu",
  tags,
  summary: "Delete an IVR menu (409 while a DID or another menu sends calls to it)",
  request: { params: zIvrMenuParam },
  responses: { 204: { description: "deleted" }, ...writeErrors },
});
