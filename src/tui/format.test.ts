import { describe, expect, test } from "bun:test";
import { fitCell, formatDuration, formatUptime, textWidth } from "./format.ts";

describe("dashboard text", () => {
  test("durations read as m:ss, then h:mm:ss", () => {
    expect(formatDuration(5_000)).toBe("0:05");
    expect(formatDuration(754_000)).toBe("12:34");
    expect(formatDuration(3_723_000)).toBe("1:02:03");
    expect(formatDuration(-1)).toBe("0:00");
  });

  test("uptime shows days once FreeSWITCH has run a day", () => {
    expect(formatUptime(7_000)).toBe("0:07");
    expect(formatUptime(93_784_000)).toBe("1d 2:03:04");
    expect(formatUptime(86_400_000 + 65_000)).toBe("1d 0:01:05");
  });

  test("cells are cut with an ellipsis and padded to the exact width, Cyrillic included", () => {
    expect(fitCell("Оператор", 5)).toBe("Опер…");
    expect(fitCell("1001", 6)).toBe("1001  ");
    expect(fitCell("0:05", 6, "right")).toBe("  0:05");
    expect(textWidth(fitCell("电话号码", 5))).toBe(5);
  });
});
