import { Hono } from "hono";
import type { AppDeps } from "../api/deps.ts";

export function createCdrIngestRouter(_deps: AppDeps) {
  return new Hono();
}
