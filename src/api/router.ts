import { OpenAPIHono } from "@hono/zod-openapi";
import { fromZod } from "./errors.ts";

/** A router for /api/v1 whose zod failures come out as our 422 error shape. */
export const createApiRouter = () =>
  new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw fromZod(result.error);
    },
  });
