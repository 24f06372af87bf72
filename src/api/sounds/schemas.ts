import { z } from "@hono/zod-openapi";
import type { Sound } from "../../db/schema.ts";
import { zSoundName } from "../../pbx/safe-values.ts";
import { isoTime } from "../crud-support.ts";
import { zPageOf } from "../pagination.ts";
import { soundPath } from "./sound-file.ts";

const name = zSoundName.meta({ example: "welcome", description: "the sound's key: menus' greetings and queues' music name it" });

export const zSound = z
  .object({
    name,
    sampleRate: z.number().int().openapi({ example: 8000, description: "8000 or 16000 Hz" }),
    durationMs: z.number().int().openapi({ example: 4200 }),
    sizeBytes: z.number().int().openapi({ example: 67244 }),
    path: z.string().openapi({ example: "/var/lib/callboard/sounds/welcome.wav", description: "the file FreeSWITCH plays" }),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Sound");

export const zSoundPage = zPageOf(zSound, "SoundPage");
export const zSoundParam = z.object({ name });

export type SoundView = z.infer<typeof zSound>;

export const toSoundView = (dir: string) => (row: Sound): SoundView => ({
  name: row.name,
  sampleRate: row.sampleRate,
  durationMs: row.durationMs,
  sizeBytes: row.sizeBytes,
  path: soundPath(dir, row.name),
  createdAt: isoTime(row.createdAt),
  updatedAt: isoTime(row.updatedAt),
});
