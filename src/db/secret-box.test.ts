import { describe, expect, test } from "bun:test";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSecretBox, loadSecretKey } from "./secret-box.ts";

describe("provider password sealing", () => {
  test("a sealed password opens to the same text and does not contain it", () => {
    const box = createSecretBox(Buffer.alloc(32, 7));
    const sealed = box.seal("belluzpass");
    expect(sealed).not.toContain("belluzpass");
    expect(box.open(sealed)).toBe("belluzpass");
    expect(box.seal("belluzpass")).not.toBe(sealed);
  });

  test("a tampered or foreign-key ciphertext is refused", () => {
    const sealed = createSecretBox(Buffer.alloc(32, 7)).seal("x");
    expect(() => createSecretBox(Buffer.alloc(32, 8)).open(sealed)).toThrow();
  });

  test("the key file is created 0600 once and then reused", () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-key-"));
    const a = loadSecretKey(dir);
    expect(statSync(join(dir, "secret.key")).mode & 0o777).toBe(0o600);
    expect(loadSecretKey(dir).equals(a)).toBe(true);
    expect(a.length).toBe(32);
  });
});
