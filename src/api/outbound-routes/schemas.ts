import { z } from "@hono/zod-openapi";
import { checkRoutePattern } from "../../pbx/route-pattern.ts";
import { zDisplayName, zGatewayName, zOutboundClass, zPhoneNumber, zRouteName } from "../../pbx/safe-values.ts";
import { zPageOf } from "../pagination.ts";
import type { RouteRow } from "../../db/outbound-routes.ts";
import { isoTime } from "../crud-support.ts";

const name = zRouteName.meta({ example: "uz-mobile" });
const pattern = z
  .string()
  .superRefine((value, ctx) => {
    const check = checkRoutePattern(value);
    if (!check.ok) ctx.addIssue({ code: "custom", message: check.reason });
  })
  .openapi({
    example: "^\\+?(998\\d{9})$",
    description: "anchored regex over the dialled number; only digits, \\d, [0-9] classes, groups, | and quantifiers, and a leading \\+",
  });

const editable = {
  pattern,
  gateway: zGatewayName.meta({ example: "belluz", description: "the gateway calls leave through" }),
  strip: z.number().int().min(0).max(20).openapi({ description: "leading digits removed before sending" }),
  prepend: z
    .string()
    .regex(/^\+?\d{0,20}$/, "must be digits with an optional leading +")
    .openapi({ description: "digits put in front after stripping" }),
  callerIdName: zDisplayName.nullable().meta({
    example: "Bell Savdo LLC",
    description: "display name sent to the provider instead of the extension's (e.g. the company's); default: the extension's caller id name, else its name",
  }),
  callerIdNumber: zPhoneNumber.nullable().meta({
    example: "998785553322",
    description:
      "company number sent to the provider; default: the extension's caller id number, else the gateway's user name when it is a number. With none of these the call is refused (503), never sent with an extension number",
  }),
  class: zOutboundClass.meta({ description: "the lowest outbound class an extension needs to use this route" }),
  priority: z.number().int().min(0).max(10_000).openapi({ description: "lower is tried first when several patterns match" }),
  record: z.boolean(),
  enabled: z.boolean(),
};

export const zRouteCreate = z
  .strictObject({
    name,
    pattern: editable.pattern,
    gateway: editable.gateway,
    strip: editable.strip.default(0),
    prepend: editable.prepend.default(""),
    callerIdName: editable.callerIdName.optional(),
    callerIdNumber: editable.callerIdNumber.optional(),
    class: editable.class.default("national"),
    priority: editable.priority.default(100),
    record: editable.record.default(false),
    enabled: editable.enabled.default(true),
  })
  .openapi("OutboundRouteCreate");

export const zRoutePatch = z
  .strictObject({
    pattern: editable.pattern.optional(),
    gateway: editable.gateway.optional(),
    strip: editable.strip.optional(),
    prepend: editable.prepend.optional(),
    callerIdName: editable.callerIdName.optional(),
    callerIdNumber: editable.callerIdNumber.optional(),
    class: editable.class.optional(),
    priority: editable.priority.optional(),
    record: editable.record.optional(),
    enabled: editable.enabled.optional(),
  })
  .openapi("OutboundRoutePatch");

export const zRoute = z
  .object({
    name,
    ...editable,
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("OutboundRoute");

export const zRoutePage = zPageOf(zRoute, "OutboundRoutePage");
export const zRouteParam = z.object({ name });

export type RouteCreate = z.infer<typeof zRouteCreate>;
export type RoutePatch = z.infer<typeof zRoutePatch>;
export type RouteView = z.infer<typeof zRoute>;

export function toRouteView({ route, gateway }: RouteRow): RouteView {
  return {
    name: route.name,
    pattern: route.pattern,
    gateway,
    strip: route.strip,
    prepend: route.prepend,
    callerIdName: route.callerIdName,
    callerIdNumber: route.callerIdNumber,
    class: route.requiredClass,
    priority: route.priority,
    record: route.record,
    enabled: route.enabled,
    createdAt: isoTime(route.createdAt),
    updatedAt: isoTime(route.updatedAt),
  };
}
