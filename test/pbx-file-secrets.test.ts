import { describe, expect, test } from "bun:test";
import { Writable } from "node:stream";
import { parse, stringify } from "yaml";
import { extensions } from "../src/db/schema.ts";
import { createLogger } from "../src/log.ts";
import { a1Hash } from "../src/pbx/passwords.ts";
import { TEST_DOMAIN } from "./support/deps.ts";
import { BELLUZ_PASSWORD, pbxApp, populate, UZTELECOM_PASSWORD } from "./support/pbx-file.ts";

function capturedLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger("trace", stream), text: () => lines.join("") };
}

describe("secrets never appear in export, plan output or logs", () => {
  test("provider passwords, a1-hashes and generated SIP passwords stay out of every output but the one that must show them", async () => {
    const logged = capturedLog();
    const pbx = pbxApp({ log: logged.log });
    const { passwords } = await populate(pbx);
    const fileHash = a1Hash("1020", TEST_DOMAIN, "Vault-kept-pass-20");
    const newBelluz = "Rotated-belluz-99";

    const exported = await pbx.exported();
    const exportedJson = JSON.stringify(await pbx.read(await pbx.call("GET", "/api/v1/config?format=json")));
    const doc = parse(exported);
    doc.gateways[0].password = { env: "BELLUZ_PASSWORD" };
    doc.extensions.push({ number: "1020", name: "From the vault", a1Hash: fileHash }, { number: "1021", name: "Generated" });
    doc.extensions[1].a1Hash = a1Hash("1001", TEST_DOMAIN, "Operator1-new-pass");
    const file = stringify(doc);
    const secrets = { secrets: { env: { BELLUZ_PASSWORD: newBelluz } } };

    const planRes = await pbx.plan(file, secrets);
    const planText = await planRes.text();
    const appliedRes = await pbx.apply(file, secrets);
    const applied = await pbx.read(appliedRes);
    expect(appliedRes.headers.get("cache-control")).toBe("no-store");
    const generated = applied.passwords.map((p: any) => p.password);
    expect(applied.passwords.map((p: any) => p.number)).toEqual(["1021"]);
    const audit = JSON.stringify(await pbx.read(await pbx.call("GET", "/api/v1/audit?limit=500")));
    const invalidPlan = await (await pbx.plan({ ...doc, extensions: [...doc.extensions, { number: "1" }] }, secrets)).text();

    const storedHashes = pbx.deps.db.select().from(extensions).all().map((r) => r.a1Hash);
    const never = [BELLUZ_PASSWORD, UZTELECOM_PASSWORD, newBelluz, fileHash, doc.extensions[1].a1Hash, ...Object.values(passwords), ...generated, ...storedHashes];
    const outputs = { exported, exportedJson, planText, appliedText: applied.text, appliedChanges: JSON.stringify(applied.changes), audit, invalidPlan, log: logged.text() };
    for (const [where, text] of Object.entries(outputs)) {
      for (const secret of never) expect({ where, leaked: text.includes(secret) }).toEqual({ where, leaked: false });
    }
    expect(planText).toContain('"note":"from env BELLUZ_PASSWORD"');
    expect(applied.text).toContain("a1Hash: (changed, from the file)");
    expect(logged.text()).toContain("configuration applied from a file");
  });
});
