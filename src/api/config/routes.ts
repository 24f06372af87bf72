import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../crud-support.ts";
import { zApplied, zConfigRequest, zExportQuery, zInvalidConfig, zPlan } from "./schemas.ts";

const tags = ["config"];
const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = { required: true, content: { "application/json": { schema: zConfigRequest } } };
const { 413: tooLarge, 400: badJson, 401: unauthorized, 403: forbidden, 422: invalid, 429: limited } = errorResponses;
const readErrors = { 401: unauthorized, 422: invalid, 429: limited };
const fileErrors = { 400: badJson, 401: unauthorized, 403: forbidden, 413: tooLarge, 422: json(zInvalidConfig, "the file is invalid; nothing was changed"), 429: limited };

export const exportRoute = createRoute({
  method: "get",
  path: "/config",
  operationId: "exportConfig",
  tags,
  summary: "The whole PBX as a file apply takes: stable order, no credentials",
  request: { query: zExportQuery },
  responses: {
    200: {
      description: "the PBX file",
      content: { "application/yaml": { schema: z.string() }, "application/json": { schema: z.record(z.string(), z.unknown()) } },
    },
    ...readErrors,
  },
});

export const schemaRoute = createRoute({
  method: "get",
  path: "/config/schema",
  operationId: "getConfigSchema",
  tags,
  summary: "JSON Schema of the PBX file, from the same zod schemas the API validates with",
  responses: { 200: json(z.record(z.string(), z.unknown()), "JSON Schema, draft 2020-12"), ...readErrors },
});

export const planRoute = createRoute({
  method: "post",
  path: "/config/plan",
  operationId: "planConfig",
  tags,
  summary: "What applying the file would change, checked by a full dry run; changes nothing",
  request: { body },
  responses: { 200: json(zPlan, "the plan"), ...fileErrors },
});

export const applyRoute = createRoute({
  method: "post",
  path: "/config/apply",
  operationId: "applyConfig",
  tags,
  summary: "Make the PBX match the file, all or nothing, then tell FreeSWITCH",
  request: { body },
  responses: {
    200: json(zApplied, "applied (or nothing to do: `changed` is false)"),
    409: { ...errorResponses[409], description: "`expect` was given and the plan would now differ: nothing was changed" },
    ...fileErrors,
  },
});
