import { NO_CALL_HANDLING } from "../pbx/call-handling.ts";
import { describe, expect, test } from "bun:test";
import { parseConfigText } from "./parse-text.ts";
import { readPbxFile, type SecretSource } from "./read-pbx-file.ts";

const none: SecretSource = { env: () => undefined, file: () => undefined };
const from = (env: Record<string, string>, file: Record<string, string> = {}): SecretSource => ({ env: (n) => env[n], file: (p) => file[p] });

describe("reading a PBX file", () => {
  test("every bad entry is reported at its path, not just the first", () => {
    const { errors, desired } = readPbxFile(
      {
        extensions: [
          { number: "1001", name: "Fine" },
          { number: 1002, name: "Unquoted" },
          { number: "1003" },
          { number: "1004", name: "Op", outbound_class: "local" },
          { number: "1005", name: "Op", password: "Secret-in-clear-1" },
        ],
        outboundRoutes: [{ name: "r", pattern: "9(\\d+)", gateway: "g" }],
      },
      none,
    );
    expect(errors).toEqual([
      { path: "extensions[1].number", message: 'must be quoted ("1002", not 1002): YAML reads bare digits as a number' },
      { path: "extensions[2].name", message: "required" },
      { path: "extensions[3].outbound_class", message: "unknown field" },
      { path: "extensions[4].password", message: expect.stringContaining("a password in clear does not belong in the file") },
      { path: "outboundRoutes[0].pattern", message: expect.stringContaining("anchored") },
    ]);
    expect(desired.extensions.map((e) => e.key)).toEqual(["1001"]);
  });

  test("a field left out is its default, or null: the file says everything about what it lists", () => {
    const { desired } = readPbxFile({ extensions: [{ number: "1001", name: "Op" }] }, none);
    expect(desired.extensions[0]).toEqual({
      key: "1001",
      path: "extensions[0]",
      fields: { name: "Op", callerIdName: null, callerIdNumber: null, outboundClass: "national", record: false, maxRegistrations: 3, enabled: true, voicemail: false, callHandling: NO_CALL_HANDLING },
      secret: { kind: "keep" },
    });
  });

  test("a DID written in two forms is listed twice", () => {
    const dest = { type: "extension", target: "1001" };
    const { errors } = readPbxFile({ dids: [{ number: "+998785553322", destination: dest }, { number: "785553322", destination: dest }] }, none);
    expect(errors).toEqual([{ path: "dids[1].number", message: "998785553322 is listed twice (also dids[0])" }]);
  });

  test("an invalid entry's key is known, so it is neither changed nor taken as absent", () => {
    const { unresolved, desired } = readPbxFile({ extensions: [{ number: "1001", name: "bad;name" }] }, none);
    expect([...unresolved.extensions]).toEqual(["1001"]);
    expect(desired.extensions).toEqual([]);
  });

  test("gateway passwords come only from references, resolved and checked by the REST rule", () => {
    const gw = (password: unknown) => ({ gateways: [{ name: "belluz", host: "bell.uz", username: "u", password }] });
    expect(readPbxFile(gw("in-clear"), none).errors).toEqual([
      { path: "gateways[0].password", message: "must be { env: NAME } or { file: PATH }: a password in clear does not belong in the file" },
    ]);
    expect(readPbxFile(gw({ env: "BELLUZ" }), none).errors).toEqual([{ path: "gateways[0].password.env", message: "BELLUZ is not set" }]);
    expect(readPbxFile(gw({ file: "belluz.pw" }), none).errors).toEqual([{ path: "gateways[0].password.file", message: "belluz.pw cannot be read" }]);
    expect(readPbxFile(gw({ env: "BELLUZ" }), from({ BELLUZ: "has space" })).errors[0]?.message).toContain("from env BELLUZ must not contain spaces");
    expect(readPbxFile(gw({ file: "belluz.pw" }), from({}, { "belluz.pw": "Good-pass-1" })).desired.gateways[0]?.secret).toEqual({
      kind: "set",
      value: "Good-pass-1",
      source: "from file belluz.pw",
    });
    expect(readPbxFile({ gateways: [{ name: "belluz", host: "bell.uz", username: "u" }] }, none).desired.gateways[0]?.secret).toEqual({ kind: "keep" });
  });

  test("an extension's credential is an a1-hash or nothing", () => {
    const hash = "0123456789abcdef0123456789abcdef";
    expect(readPbxFile({ extensions: [{ number: "1001", name: "Op", a1Hash: hash }] }, none).desired.extensions[0]?.secret).toEqual({
      kind: "set",
      value: hash,
      source: "from the file",
    });
    expect(readPbxFile({ extensions: [{ number: "1001", name: "Op", a1Hash: "nope" }] }, none).errors[0]?.path).toBe("extensions[0].a1Hash");
  });

  test("the top level is checked too: unknown sections and a wrong version", () => {
    expect(readPbxFile({ version: 2, extentions: [] }, none).errors).toEqual([
      { path: "version", message: expect.any(String) },
      { path: "extentions", message: "unknown field" },
    ]);
    expect(readPbxFile("just text", none).errors[0]?.path).toBe("file");
  });
});

describe("parsing the text", () => {
  test("JSON is accepted as it is", () => {
    expect(parseConfigText('{"extensions": [{"number": "1001", "name": "Op"}]}')).toEqual({
      ok: true,
      value: { extensions: [{ number: "1001", name: "Op" }] },
    });
  });

  test("a repeated key is an error at its line, not a silent overwrite", () => {
    const parsed = parseConfigText("extensions: []\nextensions: []\n");
    expect(parsed).toEqual({ ok: false, errors: [{ path: "line 2, column 1", message: "Map keys must be unique" }] });
  });

  test("an empty file is an empty PBX", () => {
    expect(parseConfigText("")).toEqual({ ok: true, value: {} });
  });
});
