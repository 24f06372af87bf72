import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "./client.ts";
import { type ApiToken, apiTokens } from "./schema.ts";

export type Role = "admin" | "viewer";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Creates a token and returns it in clear: the only time it exists outside the caller's hands. */
export function createToken(db: Db, name: string, role: Role): string {
  const token = `cb_${randomBytes(24).toString("base64url")}`;
  db.insert(apiTokens).values({ name, role, tokenHash: hashToken(token) }).run();
  return token;
}

export function findToken(db: Db, token: string) {
  return db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token))).get();
}

/** Records use, at most once per `everyMs` per token, so reads do not turn into a write each. */
export function touchToken(db: Db, token: ApiToken, now: number, everyMs = 60_000) {
  if (token.lastUsedAt && now - token.lastUsedAt.getTime() < everyMs) return;
  db.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(apiTokens.id, token.id)).run();
}

export const hasTokens = (db: Db) => db.select({ id: apiTokens.id }).from(apiTokens).limit(1).get() !== undefined;
