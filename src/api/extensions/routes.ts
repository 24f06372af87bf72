import { createRoute } from "@hono/zod-openapi";
import { listErrors, readErrors, writeErrors } from "../crud-support.ts";
import { zPageQuery } from "../pagination.ts";
import { zExtension, zExtensionCreate, zExtensionPage, zExtensionPatch, zExtensionWithPassword, zNumberParam } from "./schemas.ts";

const tags = ["extensions"];
const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

export const listRoute = createRoute({
  method: "get",
  path: "/extensions",
  operationId: "listExtensions",
  tags,
  summary: "List extensions, ordered by number",
  request: { query: zPageQuery },
  responses: { 200: json(zExtensionPage, "a page of extensions"), ...listErrors },
});

export const createExtensionRoute = createRoute({
  method: "post",
  path: "/extensions",
  operationId: "createExtension",
  tags,
  summary: "Create an extension; the answer holds its SIP password, once",
  request: { body: { required: true, content: { "application/json": { schema: zExtensionCreate } } } },
  responses: { 201: json(zExtensionWithPassword, "created; `password` is never shown again"), ...writeErrors },
});

export const getRoute = createRoute({
  method: "get",
  path: "/extensions/{number}",
  operationId: "getExtension",
  tags,
  summary: "One extension",
  request: { params: zNumberParam },
  responses: { 200: json(zExtension, "the extension"), ...readErrors },
});

export const patchRoute = createRoute({
  method: "patch",
  path: "/extensions/{number}",
  operationId: "updateExtension",
  tags,
  summary: "Change fields of an extension; a new password replaces the a1-hash",
  request: { params: zNumberParam, body: { required: true, content: { "application/json": { schema: zExtensionPatch } } } },
  responses: { 200: json(zExtension, "the extension as stored"), ...writeErrors },
});

export const deleteRoute = createRoute({
  method: "delete",
  path: "/extensions/{number}",
  operationId: "deleteExtension",
  tags,
  summary: "Delete an extension (409 while a DID points at it)",
  request: { params: zNumberParam },
  responses: { 204: { description: "deleted" }, ...writeErrors },
});

export const resetPasswordRoute = createRoute({
  method: "post",
  path: "/extensions/{number}/reset-password",
  operationId: "resetExtensionPassword",
  tags,
  summary: "Generate a new SIP password; the answer holds it, once",
  request: { params: zNumberParam },
  responses: { 200: json(zExtensionWithPassword, "the new password; never shown again"), ...writeErrors },
});
