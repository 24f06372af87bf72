import { asc, eq } from "drizzle-orm";
import { ivrMenusPlaying } from "./ivr-menus.ts";
import { queues } from "./schema.ts";
import type { SoundUsers } from "./sounds.ts";

/** Everything that plays an uploaded sound, named for a 409: a sound in use is not deleted. */
export const soundUsers: SoundUsers = (tx, name) => [
  ...ivrMenusPlaying(tx, name),
  ...tx
    .select({ name: queues.name })
    .from(queues)
    .where(eq(queues.musicOnHold, name))
    .orderBy(asc(queues.name))
    .all()
    .map((q) => `queue ${q.name} (music on hold)`),
];
