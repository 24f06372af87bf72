import type { SoundUsers } from "./sounds.ts";

/** Everything that plays an uploaded sound, named for a 409: a sound in use is not deleted. */
export const soundUsers: SoundUsers = () => [];
