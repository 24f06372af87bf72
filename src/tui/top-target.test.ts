import { describe, expect, test } from "bun:test";
import { resolveTopTarget, TopTargetError } from "./top-target.ts";

const config = { http: { host: "0.0.0.0", port: 8080 }, dataDir: "/var/lib/callboard" };
const files = (map: Record<string, string>) => (path: string) => {
  if (path in map) return map[path]!;
  throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
};

describe("callboard top finds callboard by itself on the PBX box", () => {
  test("no flags: the URL from the environment, the token from the data dir", () => {
    const t = resolveTopTarget({}, () => config, files({ "/var/lib/callboard/local.token": "cb_secret\n" }));
    expect(t).toEqual({ url: "http://127.0.0.1:8080", token: "cb_secret" });
  });

  test("flags win and the environment is not even read", () => {
    const t = resolveTopTarget({ url: "http://pbx.example.uz:9000/", token: "cb_x" }, () => {
      throw new Error("must not be read");
    }, files({}));
    expect(t).toEqual({ url: "http://pbx.example.uz:9000", token: "cb_x" });
  });

  test("a missing token file says what to do", () => {
    expect(() => resolveTopTarget({}, () => config, files({}))).toThrow(/pass --token, or run on the PBX box where `callboard serve` wrote \/var\/lib\/callboard\/local.token/);
  });

  test("an unreadable token file says whose it is", () => {
    const denied = () => {
      throw Object.assign(new Error("EACCES"), { code: "EACCES" });
    };
    expect(() => resolveTopTarget({}, () => config, denied)).toThrow(TopTargetError);
    expect(() => resolveTopTarget({}, () => config, denied)).toThrow(/\(permission denied\): run as the user that runs callboard serve/);
  });

  test("a URL that is not http(s) is refused", () => {
    expect(() => resolveTopTarget({ url: "pbx:8080", token: "t" }, () => config, files({}))).toThrow(/--url/);
  });
});
