import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses, readErrors, writeErrors } from "../crud-support.ts";
import { zBoxParam, zMessageParam, zVoicemailBox, zVoicemailBoxPut, zVoicemailMessages } from "./schemas.ts";

const tags = ["voicemail"];
const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const error = (status: keyof typeof errorResponses, description: string) => ({ ...errorResponses[status], description });
const eslErrors = {
  502: error(404, "FreeSWITCH refused the command (mod_voicemail not loaded, or its profile missing)"),
  503: error(404, "FreeSWITCH's event socket is not connected"),
  504: error(404, "FreeSWITCH did not answer in time"),
};
const audio = { "audio/wav": { schema: z.string().openapi({ format: "binary" }) } };

export const getBoxRoute = createRoute({
  method: "get",
  path: "/extensions/{number}/voicemail",
  operationId: "getVoicemailBox",
  tags,
  summary: "An extension's voicemail box: on or off, whether a PIN and a greeting are set",
  request: { params: zBoxParam },
  responses: { 200: json(zVoicemailBox, "the box"), ...readErrors },
});

export const putBoxRoute = createRoute({
  method: "put",
  path: "/extensions/{number}/voicemail",
  operationId: "setVoicemailBox",
  tags,
  summary: "Turn the box on or off and set its PIN (stored as md5(number:domain:PIN), never shown)",
  request: { params: zBoxParam, body: { required: true, content: { "application/json": { schema: zVoicemailBoxPut } } } },
  responses: { 200: json(zVoicemailBox, "the box as stored"), ...writeErrors },
});

export const putGreetingRoute = createRoute({
  method: "put",
  path: "/extensions/{number}/voicemail/greeting",
  operationId: "uploadVoicemailGreeting",
  tags,
  summary: "Upload the box's greeting: a WAV, mono, 8 or 16 kHz, 16-bit PCM, at most 16 MiB",
  request: { params: zBoxParam, body: { required: true, description: "the WAV file's bytes", content: audio } },
  responses: {
    200: json(zVoicemailBox, "stored; the next unanswered call hears it"),
    ...writeErrors,
    415: error(422, "the body is not sent as a WAV type (audio/wav, audio/x-wav, audio/wave, application/octet-stream)"),
    422: error(422, "not a WAV FreeSWITCH plays as is; `message` says why (format, channels, rate, bits, no audio)"),
  },
});

export const deleteGreetingRoute = createRoute({
  method: "delete",
  path: "/extensions/{number}/voicemail/greeting",
  operationId: "deleteVoicemailGreeting",
  tags,
  summary: "Drop the uploaded greeting: FreeSWITCH's own plays again",
  request: { params: zBoxParam },
  responses: { 200: json(zVoicemailBox, "the box"), ...writeErrors },
});

export const listMessagesRoute = createRoute({
  method: "get",
  path: "/extensions/{number}/voicemail/messages",
  operationId: "listVoicemailMessages",
  tags,
  summary: "The box's messages, newest first, as mod_voicemail lists them (vm_list)",
  request: { params: zBoxParam },
  responses: { 200: json(zVoicemailMessages, "the messages"), ...readErrors, ...eslErrors },
});

export const messageAudioRoute = createRoute({
  method: "get",
  path: "/extensions/{number}/voicemail/messages/{uuid}/audio",
  operationId: "getVoicemailMessageAudio",
  tags,
  summary: "A message's audio; honours Range (206 / 416)",
  request: { params: zMessageParam },
  responses: {
    ...readErrors,
    200: { description: "the whole file", content: audio },
    206: { description: "the requested byte range", content: audio },
    403: error(403, "the file is outside the voicemail dir, or callboard's user may not read it"),
    404: error(404, "no such message in this box, or its file is gone"),
    416: error(404, "the range selects nothing; Content-Range gives the size"),
    ...eslErrors,
  },
});

export const deleteMessageRoute = createRoute({
  method: "delete",
  path: "/extensions/{number}/voicemail/messages/{uuid}",
  operationId: "deleteVoicemailMessage",
  tags,
  summary: "Delete a message: FreeSWITCH removes its row and file (vm_delete) and updates the phone's MWI",
  request: { params: zMessageParam },
  responses: { 204: { description: "deleted" }, ...writeErrors, ...eslErrors },
});
