import { crudRoutes } from "../crud-routes.ts";
import { zIvrMenu, zIvrMenuCreate, zIvrMenuPage, zIvrMenuParam, zIvrMenuPatch } from "./schemas.ts";

export const ivrMenuRoutes = crudRoutes({
  path: "/ivr-menus",
  tag: "ivr-menus",
  singular: "IvrMenu",
  plural: "IvrMenus",
  schemas: { param: zIvrMenuParam, item: zIvrMenu, page: zIvrMenuPage, create: zIvrMenuCreate, patch: zIvrMenuPatch },
  summaries: {
    list: "List IVR menus, ordered by name",
    create: "Create an IVR menu: a greeting, digits to destinations, a fallback (422 for an unknown sound or destination, or a loop between menus)",
    get: "One IVR menu",
    patch: "Change fields of an IVR menu; `options` replaces the whole list",
    delete: "Delete an IVR menu (409 while a DID or another menu sends calls to it)",
  },
  describe: { page: "a page of IVR menus", item: "the IVR menu" },
});
