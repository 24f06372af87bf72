import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Db } from "../db/client.ts";
import type { Tx } from "../db/transaction.ts";
import type { AppDeps } from "../http/deps.ts";
import type { KindName } from "../pbx-file/kinds.ts";
import { auditedWrite } from "./audit/record-audit.ts";
import type { CrudRoutes } from "./crud-routes.ts";
import { validationHook } from "./crud-support.ts";
import type { FreeswitchApplied } from "./gateways/schemas.ts";
import { type PageQuery, toPage } from "./pagination.ts";

/** The src/db functions that store one kind of object. */
export type CrudStore<Row, Create, Patch> = {
  list(db: Db, page: PageQuery): { rows: Row[]; total: number };
  /** Throws the 404 for an unknown name. */
  get(db: Db, name: string): Row;
  insert(tx: Tx, fields: Create): Row;
  update(tx: Tx, name: string, patch: Patch, at: Date): Row;
  /** Throws the 409 while something still refers to the object. */
  remove(tx: Tx, name: string): void;
};

/**
 * For an object FreeSWITCH keeps its own copy of (mod_callcenter's queues):
 * the commands that bring it in step once the write is committed. Their
 * outcome is answered as `freeswitch`, so a delete answers 200 with it
 * rather than 204.
 */
export type CrudApply<Row> = {
  created(row: Row): Promise<FreeswitchApplied>;
  updated(before: Row, after: Row): Promise<FreeswitchApplied>;
  deleted(before: Row): Promise<FreeswitchApplied>;
};

export type CrudResource<Row, View, Create extends { name: string }, Patch> = {
  /** What the audit log and the PBX file call it. */
  kind: KindName;
  routes: CrudRoutes;
  store: CrudStore<Row, Create, Patch>;
  view(row: Row): View;
  apply?: CrudApply<Row>;
};

/*
 * The routes' zod schemas validated these parts before a handler runs (the
 * validation hook answers 422 otherwise); with the route types erased to
 * RouteConfig, TypeScript cannot see that, so the parts are read here under
 * the types the resource declares.
 */
const query = (c: Context) => (c.req.valid as (target: "query") => PageQuery)("query");
const name = (c: Context) => (c.req.valid as (target: "param") => { name: string })("param").name;
const body = <T>(c: Context) => (c.req.valid as (target: "json") => T)("json");

/**
 * Registers list, create, get, patch and delete of a collection of named
 * objects: pages of views, every write in one transaction with its audit
 * entry (src/api/audit/record-audit.ts), then FreeSWITCH told when it must be.
 */
export function addCrudRoutes<Row, View, Create extends { name: string }, Patch>(
  router: OpenAPIHono,
  deps: AppDeps,
  resource: CrudResource<Row, View, Create, Patch>,
) {
  const { kind, routes, store, view, apply } = resource;
  const now = () => new Date((deps.now ?? Date.now)());

  router.openapi(
    routes.list,
    (c) => {
      const page = query(c);
      return c.json(toPage(store.list(deps.db, page), page, view), 200);
    },
    validationHook,
  );

  router.openapi(
    routes.create,
    async (c) => {
      const fields = body<Create>(c);
      const row = auditedWrite(deps, c, { kind, key: fields.name }, (tx) => store.insert(tx, fields));
      if (!apply) return c.json(view(row), 201);
      return c.json({ ...view(row), freeswitch: await apply.created(row) }, 201);
    },
    validationHook,
  );

  router.openapi(routes.get, (c) => c.json(view(store.get(deps.db, name(c))), 200), validationHook);

  router.openapi(
    routes.patch,
    async (c) => {
      const key = name(c);
      const before = apply ? store.get(deps.db, key) : undefined;
      const row = auditedWrite(deps, c, { kind, key }, (tx) => store.update(tx, key, body<Patch>(c), now()));
      if (!apply || before === undefined) return c.json(view(row), 200);
      return c.json({ ...view(row), freeswitch: await apply.updated(before, row) }, 200);
    },
    validationHook,
  );

  router.openapi(
    routes.delete,
    async (c) => {
      const key = name(c);
      const before = apply ? store.get(deps.db, key) : undefined;
      auditedWrite(deps, c, { kind, key }, (tx) => store.remove(tx, key));
      if (!apply || before === undefined) return c.body(null, 204);
      return c.json({ name: key, deleted: true as const, freeswitch: await apply.deleted(before) }, 200);
    },
    validationHook,
  );
}
