import { createRoute } from "@hono/zod-openapi";
import { errorResponses, writeErrors } from "../crud-support.ts";
import { zAccepted, zClickToCall, zDone, zHangupQuery, zListen, zRecording, zTransfer, zUuidParam } from "./schemas.ts";

const tags = ["live"];
const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <T>(schema: T) => ({ body: { required: true, content: { "application/json": { schema } } } });
const eslErrors = {
  ...writeErrors,
  502: { ...errorResponses[422], description: "FreeSWITCH answered -ERR; the message is its text" },
  503: { ...errorResponses[422], description: "FreeSWITCH is not connected" },
  504: { ...errorResponses[422], description: "FreeSWITCH did not answer in time" },
};

export const clickToCallRoute = createRoute({
  method: "post",
  path: "/calls",
  operationId: "clickToCall",
  tags,
  summary: "Click-to-call: ring the agent's phone, then dial `to` through context default",
  description:
    "Answers 202 at once with the uuid the call will have. 422: unknown extension, a number no route allows, " +
    "or a `gateway` other than the route's; 409: the extension has no registered phone; 503: FreeSWITCH down.",
  request: body(zClickToCall),
  responses: { 202: json(zAccepted, "originate sent; the uuid is the call's id"), ...eslErrors },
});

export const hangupRoute = createRoute({
  method: "delete",
  path: "/calls/{uuid}",
  operationId: "hangUpCall",
  tags,
  summary: "Hang up a call leg (uuid_kill); its bridged peer follows",
  request: { params: zUuidParam, query: zHangupQuery },
  responses: { 200: json(zDone, "hung up"), ...eslErrors },
});

export const transferRoute = createRoute({
  method: "post",
  path: "/calls/{uuid}/transfer",
  operationId: "transferCall",
  tags,
  summary: "Blind-transfer the leg to an extension through context transfer (uuid_transfer)",
  description:
    "`to` must be an enabled extension (else 422 naming `to`); transfers to outside numbers are not supported. " +
    "The leg's bridged peer is released.",
  request: { params: zUuidParam, ...body(zTransfer) },
  responses: { 200: json(zDone, "transferred"), ...eslErrors },
});

export const recordingRoute = createRoute({
  method: "post",
  path: "/calls/{uuid}/recording",
  operationId: "recordCall",
  tags,
  summary: "Start or stop recording the leg into the recordings directory (uuid_record)",
  request: { params: zUuidParam, ...body(zRecording) },
  responses: { 200: json(zDone, "recording started or stopped"), ...eslErrors },
});

export const listenRoute = createRoute({
  method: "post",
  path: "/calls/{uuid}/listen",
  operationId: "listenToCall",
  tags,
  summary: "Ring a supervisor's extension and let it listen in (eavesdrop)",
  request: { params: zUuidParam, ...body(zListen) },
  responses: { 202: json(zAccepted, "originate sent; the uuid is the listener's leg"), ...eslErrors },
});
