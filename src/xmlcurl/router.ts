import { Hono } from "hono";
import type { AppDeps } from "../api/deps.ts";

export function createXmlCurlRouter(_deps: AppDeps) {
  return new Hono();
}
