import { describe, expect, test } from "bun:test";
import { isSafeDir } from "./safe-values.ts";

describe("a directory callboard may hand FreeSWITCH", () => {
  test("absolute, plain segments, a trailing slash allowed; dots inside a name are fine", () => {
    for (const dir of ["/var/lib/callboard/sounds", "/var/lib/callboard/sounds/", "/srv/a..b", "/srv/.hidden", "/opt/pbx-1.2/v_m"]) {
      expect([dir, isSafeDir(dir)]).toEqual([dir, true]);
    }
  });

  test("the root, relative paths, empty or climbing segments, spaces and syntax FreeSWITCH would read are refused", () => {
    const refused = ["", "/", "//", "sounds", "./sounds", "/srv//sounds", "/srv/../etc", "/srv/..", "/srv/My PBX/sounds", "/srv/${x}", "/srv/a;b", "/srv/a\nb", "/srv/ä"];
    for (const dir of refused) expect([dir, isSafeDir(dir)]).toEqual([dir, false]);
  });
});
