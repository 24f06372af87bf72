import { expect, test } from "bun:test";
import { csvCell } from "./cdr-csv.ts";

test("cells with commas, quotes or line breaks are quoted, quotes doubled", () => {
  expect(csvCell("a,b")).toBe('"a,b"');
  expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  expect(csvCell("two\r\nlines")).toBe('"two\r\nlines"');
  expect(csvCell("plain")).toBe("plain");
  expect(csvCell(null)).toBe("");
  expect(csvCell(42)).toBe("42");
});

test("a cell a spreadsheet would run as a formula starts with an apostrophe", () => {
  expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
  expect(csvCell("+998901234567")).toBe("'+998901234567");
  expect(csvCell("-1")).toBe("'-1");
  expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
  expect(csvCell("\tcmd")).toBe("'\tcmd");
});

test("UTF-8 names pass through untouched", () => {
  expect(csvCell("Оператор Qo'ng'iroq")).toBe("Оператор Qo'ng'iroq");
});
