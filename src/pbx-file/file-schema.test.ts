import { describe, expect, test } from "bun:test";
import { zExtensionCreate } from "../api/extensions/schemas.ts";
import { zGatewayCreate } from "../api/gateways/schemas.ts";
import { pbxFileJsonSchema } from "./file-schema.ts";

describe("the PBX file's JSON Schema", () => {
  test("is generated from the REST schemas: same fields, same patterns; credentials as the file takes them", () => {
    const schema = pbxFileJsonSchema() as any;
    const ext = schema.properties.extensions.items;
    expect(Object.keys(ext.properties).sort()).toEqual([...Object.keys(zExtensionCreate.shape).filter((k) => k !== "password"), "a1Hash"].sort());
    expect(ext.properties.number.pattern).toBe("^\\d{2,6}$");
    expect(ext.required).toEqual(["number", "name"]);
    expect(ext.additionalProperties).toBe(false);
    const gw = schema.properties.gateways.items;
    expect(Object.keys(gw.properties).sort()).toEqual(Object.keys(zGatewayCreate.shape).sort());
    expect(gw.properties.password.anyOf.map((o: any) => Object.keys(o.properties))).toEqual([["env"], ["file"]]);
    expect(gw.required).not.toContain("password");
    expect(schema.additionalProperties).toBe(false);
  });
});
