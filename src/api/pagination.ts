import { z } from "@hono/zod-openapi";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export const zPageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .openapi({ description: `items per page, 1-${MAX_PAGE_SIZE}` }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ description: "items to skip" }),
});

export type PageQuery = z.infer<typeof zPageQuery>;
export type Page<T> = { items: T[]; total: number; limit: number; offset: number };

/** The list envelope every collection answers with. */
export const zPageOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      total: z.number().int().openapi({ description: "items in the whole collection" }),
      limit: z.number().int(),
      offset: z.number().int(),
    })
    .openapi(name);

/** A repository's page of rows and its total, as the list envelope with each row shown as `view`. */
export const toPage = <R, V>({ rows, total }: { rows: R[]; total: number }, { limit, offset }: PageQuery, view: (row: R) => V): Page<V> => ({
  items: rows.map(view),
  total,
  limit,
  offset,
});
