import { crudRoutes } from "../crud-routes.ts";
import { zTimeCondition, zTimeConditionCreate, zTimeConditionPage, zTimeConditionParam, zTimeConditionPatch } from "./schemas.ts";

export const timeConditionRoutes = crudRoutes({
  path: "/time-conditions",
  tag: "time-conditions",
  singular: "TimeCondition",
  plural: "TimeConditions",
  schemas: { param: zTimeConditionParam, item: zTimeCondition, page: zTimeConditionPage, create: zTimeConditionCreate, patch: zTimeConditionPatch },
  summaries: {
    list: "List time conditions, ordered by name",
    create: "Create a time condition: a schedule, where calls go while it is open and while it is closed (422 for an unknown destination or a loop)",
    get: "One time condition",
    patch: "Change fields of a time condition; `schedule` replaces the whole schedule",
    delete: "Delete a time condition (409 while a DID or another time condition points at it)",
  },
  describe: { page: "a page of time conditions", item: "the time condition" },
});
