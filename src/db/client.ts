import { Database } from "bun:sqlite";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { drizzle } from "drizzle-orm/bun-sqlite";
import { migrate } from "drizzle-orm/bun-sqlite/migrator";
import * as schema from "./schema.ts";

export type Db = ReturnType<typeof openDb>;

// The compiled binary carries this folder at the same path: /$bunfs/root/drizzle (scripts/build-binary.ts).
const MIGRATIONS = join(import.meta.dir, "drizzle");

/** Opens (and migrates) the database; ":memory:" for tests. */
export function openDb(path: string) {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const sqlite = new Database(path, { create: true, strict: true });
  sqlite.exec("PRAGMA journal_mode = WAL");
  sqlite.exec("PRAGMA foreign_keys = ON");
  sqlite.exec("PRAGMA busy_timeout = 5000");
  sqlite.exec("PRAGMA synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return db;
}

export const dbFile = (dataDir: string) => join(dataDir, "callboard.sqlite");

/**
 * Opens an existing database without changing anything: no file, directory
 * or table is created and no migration runs (doctor, which may look at the
 * database of a running server after an upgrade). Throws when the file is
 * missing.
 */
export function openDbReadOnly(path: string) {
  const sqlite = new Database(path, { readonly: true, strict: true });
  sqlite.exec("PRAGMA busy_timeout = 5000");
  return drizzle(sqlite, { schema });
}

/** The committed migrations the database has not had yet, by name, oldest first. */
export function pendingMigrations(db: Db | ReturnType<typeof openDbReadOnly>): string[] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, "meta/_journal.json"), "utf8")) as { entries: { when: number; tag: string }[] };
  const hasTable = db.$client.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  const last = hasTable ? (db.$client.query("SELECT max(created_at) AS at FROM __drizzle_migrations").get() as { at: number | null }).at : null;
  // drizzle's own rule: a migration is applied when it is no newer than the last one recorded.
  return journal.entries.filter((m) => last === null || Number(last) < m.when).map((m) => m.tag);
}
