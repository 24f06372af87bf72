import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../crud-support.ts";
import { createApiRouter } from "../router.ts";

const zWhoami = z
  .object({
    name: z.string().meta({ example: "wallboard" }),
    role: z.enum(["admin", "viewer"]),
  })
  .openapi("Whoami");

const whoamiRoute = createRoute({
  method: "get",
  path: "/whoami",
  operationId: "whoami",
  tags: ["auth"],
  summary: "The presented token's name and role, so a client can disable what a viewer may not do",
  responses: {
    200: { description: "the token's name and role", content: { "application/json": { schema: zWhoami } } },
    401: errorResponses[401],
    429: errorResponses[429],
  },
});

/** `GET /api/v1/whoami`: answers from what the bearer middleware found, never from the database again. */
export function createWhoamiRouter() {
  const router = createApiRouter();
  router.openapi(whoamiRoute, (c) => {
    const auth = c.get("auth");
    return c.json({ name: auth.tokenName, role: auth.role }, 200);
  });
  return router;
}
