import { createRoute } from "@hono/zod-openapi";
import { errorResponses, listErrors, readErrors, writeErrors } from "../crud-support.ts";
import { zPageQuery } from "../pagination.ts";
import {
  zGateway,
  zGatewayCreate,
  zGatewayDeleted,
  zGatewayPage,
  zGatewayPatch,
  zGatewayStatus,
  zGatewayWritten,
  zNameParam,
  zRegisterResult,
} from "./schemas.ts";

const tags = ["gateways"];
const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const eslErrors = {
  502: { ...errorResponses[409], description: "FreeSWITCH answered -ERR; the message is its text" },
  503: { ...errorResponses[409], description: "FreeSWITCH is not connected" },
  504: { ...errorResponses[409], description: "FreeSWITCH did not answer in time" },
};

export const listRoute = createRoute({
  method: "get",
  path: "/gateways",
  operationId: "listGateways",
  tags,
  summary: "List provider gateways, ordered by name (passwords never included)",
  request: { query: zPageQuery },
  responses: { 200: json(zGatewayPage, "a page of gateways"), ...listErrors },
});

export const createGatewayRoute = createRoute({
  method: "post",
  path: "/gateways",
  operationId: "createGateway",
  tags,
  summary: "Create a gateway, then rescan FreeSWITCH's external profile",
  request: { body: { required: true, content: { "application/json": { schema: zGatewayCreate } } } },
  responses: { 201: json(zGatewayWritten, "created; `freeswitch` tells whether FreeSWITCH loaded it"), ...writeErrors },
});

export const getRoute = createRoute({
  method: "get",
  path: "/gateways/{name}",
  operationId: "getGateway",
  tags,
  summary: "One gateway",
  request: { params: zNameParam },
  responses: { 200: json(zGateway, "the gateway"), ...readErrors },
});

export const patchRoute = createRoute({
  method: "patch",
  path: "/gateways/{name}",
  operationId: "updateGateway",
  tags,
  summary: "Change a gateway, then killgw + rescan so FreeSWITCH uses the new settings",
  request: { params: zNameParam, body: { required: true, content: { "application/json": { schema: zGatewayPatch } } } },
  responses: { 200: json(zGatewayWritten, "the gateway as stored"), ...writeErrors },
});

export const deleteRoute = createRoute({
  method: "delete",
  path: "/gateways/{name}",
  operationId: "deleteGateway",
  tags,
  summary: "Delete a gateway (409 while routes or DIDs use it), then killgw",
  request: { params: zNameParam },
  responses: { 200: json(zGatewayDeleted, "deleted"), ...writeErrors },
});

export const registerRoute = createRoute({
  method: "post",
  path: "/gateways/{name}/register",
  operationId: "registerGateway",
  tags,
  summary: "Make FreeSWITCH re-register the gateway now",
  request: { params: zNameParam },
  responses: { 200: json(zRegisterResult, "FreeSWITCH accepted the command"), ...writeErrors, ...eslErrors },
});

export const statusRoute = createRoute({
  method: "get",
  path: "/gateways/{name}/status",
  operationId: "getGatewayStatus",
  tags,
  summary: "The gateway's live registration state as FreeSWITCH reports it",
  request: { params: zNameParam },
  responses: { 200: json(zGatewayStatus, "live state"), ...readErrors },
});
