import { crudRoutes } from "../crud-routes.ts";
import { zRingGroup, zRingGroupCreate, zRingGroupPage, zRingGroupParam, zRingGroupPatch } from "./schemas.ts";

export const ringGroupRoutes = crudRoutes({
  path: "/ring-groups",
  tag: "ring-groups",
  singular: "RingGroup",
  plural: "RingGroups",
  schemas: { param: zRingGroupParam, item: zRingGroup, page: zRingGroupPage, create: zRingGroupCreate, patch: zRingGroupPatch },
  summaries: {
    list: "List ring groups, ordered by name",
    create: "Create a ring group: extensions rung at once or in order, then a fallback (422 for an unknown member or fallback, or a loop)",
    get: "One ring group",
    patch: "Change fields of a ring group; `members` replaces the whole list",
    delete: "Delete a ring group (409 while a DID or another group's fallback points at it)",
  },
  describe: { page: "a page of ring groups", item: "the ring group" },
});
