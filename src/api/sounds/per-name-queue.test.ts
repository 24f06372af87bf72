import { expect, test } from "bun:test";
import { createPerNameQueue } from "./per-name-queue.ts";

test("work for one name runs after the work before it, even a failed one; other names do not wait", async () => {
  const run = createPerNameQueue();
  const log: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const first = run("welcome", async () => {
    log.push("first starts");
    await held;
    log.push("first ends");
    throw new Error("first failed");
  });
  const second = run("welcome", async () => {
    log.push("second runs");
    return 2;
  });
  const other = await run("hold", async () => {
    log.push("other runs");
    return "other";
  });
  expect(other).toBe("other");
  expect(log).toEqual(["first starts", "other runs"]);
  release();
  await expect(first).rejects.toThrow("first failed");
  expect(await second).toBe(2);
  expect(log).toEqual(["first starts", "other runs", "first ends", "second runs"]);
});
