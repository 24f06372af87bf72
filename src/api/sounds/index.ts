import type { Context } from "hono";
import { appendAudit } from "../../db/audit-log.ts";
import { soundUsers } from "../../db/sound-users.ts";
import { deleteSound, getSound, insertSound, listSounds, putSound, type SoundFields } from "../../db/sounds.ts";
import { inTransaction, type Tx } from "../../db/transaction.ts";
import type { AppDeps } from "../../http/deps.ts";
import { soundBodyLimit } from "../body-limits.ts";
import { validationHook } from "../crud-support.ts";
import { ApiError } from "../errors.ts";
import { toPage } from "../pagination.ts";
import { createApiRouter } from "../router.ts";
import { audioRoute, deleteRoute, getRoute, listRoute, replaceRoute, uploadRoute } from "./routes.ts";
import { createPerNameQueue } from "./per-name-queue.ts";
import { readWav } from "./read-wav.ts";
import { diskSoundFiles, type SoundFiles, soundPath } from "./sound-file.ts";
import { toSoundView } from "./schemas.ts";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Sounds callboard keeps for FreeSWITCH to play: greetings, prompts, music on hold. */
export function createSoundsRouter(deps: AppDeps, files: SoundFiles = diskSoundFiles) {
  const now = () => new Date((deps.now ?? Date.now)());
  const dir = deps.config.soundsDir;
  const view = toSoundView(dir);
  const router = createApiRouter();
  const oneAtATime = createPerNameQueue();

  const audit = (tx: Tx, c: Context, summary: string) =>
    appendAudit(tx, { at: now(), actor: c.get("auth")?.tokenName ?? "unknown", action: `${c.req.method} ${c.req.path}`, summary, changes: "[]" });
  const described = (f: SoundFields) => `${f.sampleRate} Hz, ${seconds(f.durationMs)}, ${f.sizeBytes} bytes`;

  /**
   * The file is staged, the row and its audit entry committed, then the file
   * moved into place: the commit comes first so a refused upload (409) never
   * replaces the file. Commit and move are one step per name, so a second
   * upload's row can never end up beside the first one's audio.
   */
  async function store<T>(c: Context, name: string, write: (tx: Tx, fields: SoundFields) => T): Promise<T> {
    const { bytes, info } = await readWav(c);
    const fields: SoundFields = { name, sampleRate: info.sampleRate, durationMs: info.durationMs, sizeBytes: bytes.byteLength };
    const staged = await files.stage(dir, name, bytes);
    return oneAtATime(name, async () => {
      let result: T;
      try {
        result = inTransaction(deps.db, (tx) => write(tx, fields));
      } catch (err) {
        await staged.discard();
        throw err;
      }
      await staged.commit();
      return result;
    });
  }

  router.openapi(listRoute, (c) => {
    const query = c.req.valid("query");
    return c.json(toPage(listSounds(deps.db, query), query, view), 200);
  }, validationHook);

  router.use(uploadRoute.path.replace("{name}", ":name"), soundBodyLimit());

  router.openapi(uploadRoute, async (c) => {
    const { name } = c.req.valid("param");
    const row = await store(c, name, (tx, fields) => {
      const inserted = insertSound(tx, fields);
      audit(tx, c, `uploaded sound ${name} (${described(fields)})`);
      return inserted;
    });
    return c.json(view(row), 201);
  }, validationHook);

  router.openapi(replaceRoute, async (c) => {
    const { name } = c.req.valid("param");
    const { row, created } = await store(c, name, (tx, fields) => {
      const put = putSound(tx, fields, now());
      audit(tx, c, `${put.created ? "uploaded" : "replaced"} sound ${name} (${described(fields)})`);
      return put;
    });
    return c.json(view(row), created ? 201 : 200);
  }, validationHook);

  router.openapi(getRoute, (c) => c.json(view(getSound(deps.db, c.req.valid("param").name)), 200), validationHook);

  router.openapi(audioRoute, async (c) => {
    const { name } = c.req.valid("param");
    getSound(deps.db, name);
    const file = Bun.file(soundPath(dir, name));
    if (!(await file.exists())) throw new ApiError(404, "not_found", `sound ${name}'s file is not in ${dir}`);
    return new Response(file, { status: 200, headers: { "content-type": "audio/wav", "content-disposition": `attachment; filename="${name}.wav"` } }) as never;
  }, validationHook);

  router.openapi(deleteRoute, async (c) => {
    const { name } = c.req.valid("param");
    await oneAtATime(name, async () => {
      inTransaction(deps.db, (tx) => {
        const row = deleteSound(tx, name, soundUsers);
        audit(tx, c, `deleted sound ${name} (${described(row)})`);
      });
      await files.remove(dir, name);
    });
    return c.body(null, 204);
  }, validationHook);

  return router;
}
