import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses, listErrors, readErrors, writeErrors } from "../crud-support.ts";
import { zPageQuery } from "../pagination.ts";
import { zSound, zSoundPage, zSoundParam } from "./schemas.ts";

const tags = ["sounds"];
const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const wav = { "audio/wav": { schema: z.string().openapi({ format: "binary" }) } };

const uploadErrors = {
  ...writeErrors,
  413: { ...errorResponses[413], description: "the WAV is larger than 16 MiB" },
  415: { ...errorResponses[422], description: "the body is not sent as audio/wav" },
  422: {
    ...errorResponses[422],
    description: "not a WAV FreeSWITCH plays as it is: the message names what is wrong (`sample rate 44100 Hz; FreeSWITCH plays 8000 or 16000 Hz mono 16-bit PCM WAV …`)",
  },
};

const uploadBody = {
  required: true,
  description: "the WAV file's bytes: RIFF/WAVE, PCM 16-bit, mono, 8000 or 16000 Hz, at most 16 MiB",
  content: wav,
};

export const listRoute = createRoute({
  method: "get",
  path: "/sounds",
  operationId: "listSounds",
  tags,
  summary: "List uploaded sounds, ordered by name",
  request: { query: zPageQuery },
  responses: { 200: json(zSoundPage, "a page of sounds"), ...listErrors },
});

export const uploadRoute = createRoute({
  method: "post",
  path: "/sounds/{name}",
  operationId: "uploadSound",
  tags,
  summary: "Upload a WAV for greetings or music on hold (`curl --data-binary @welcome.wav -H 'Content-Type: audio/wav'`); 409 if the name is taken",
  request: { params: zSoundParam, body: uploadBody },
  responses: { 201: json(zSound, "stored where FreeSWITCH reads it"), ...uploadErrors },
});

export const replaceRoute = createRoute({
  method: "put",
  path: "/sounds/{name}",
  operationId: "replaceSound",
  tags,
  summary: "Upload or replace a WAV: menus and queues playing it play the new one from their next call",
  request: { params: zSoundParam, body: uploadBody },
  responses: { 200: json(zSound, "replaced"), 201: json(zSound, "created"), ...uploadErrors },
});

export const getRoute = createRoute({
  method: "get",
  path: "/sounds/{name}",
  operationId: "getSound",
  tags,
  summary: "One sound's description",
  request: { params: zSoundParam },
  responses: { 200: json(zSound, "the sound"), ...readErrors },
});

export const audioRoute = createRoute({
  method: "get",
  path: "/sounds/{name}/audio",
  operationId: "getSoundAudio",
  tags,
  summary: "The WAV as uploaded",
  request: { params: zSoundParam },
  responses: { 200: { description: "the file", content: wav }, ...readErrors },
});

export const deleteRoute = createRoute({
  method: "delete",
  path: "/sounds/{name}",
  operationId: "deleteSound",
  tags,
  summary: "Delete a sound (409 while an IVR menu or a queue plays it)",
  request: { params: zSoundParam },
  responses: { 204: { description: "deleted" }, ...writeErrors },
});
