/**
 * The baseline of the storm: the same users written into FreeSWITCH's own
 * XML, so a REGISTER is answered from memory without asking anybody. The
 * tier's FreeSWITCH is stopped, its copy of freeswitch-conf/ given a directory
 * and its xml_curl directory binding removed, and started again.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { create } from "xmlbuilder2";
import type { Tier } from "../../test/freeswitch/support/tier.ts";

const EMPTY_DIRECTORY = '<section name="directory" description="Empty on purpose: users come from callboard only"/>';

export async function serveUsersFromStaticXml(tier: Tier, domain: string, users: readonly { number: string; a1Hash: string }[]) {
  await tier.fs.kill9();
  const conf = join(tier.fs.dir, "conf");
  const section = create().ele("section", { name: "directory" }).ele("domain", { name: domain }).ele("groups").ele("group", { name: "default" }).ele("users");
  for (const u of users) {
    const user = section.ele("user", { id: u.number });
    user.ele("params").ele("param", { name: "a1-hash", value: u.a1Hash }).up().ele("param", { name: "allow-empty-password", value: "false" });
    user.ele("variables").ele("variable", { name: "user_context", value: "default" });
  }
  const main = readFileSync(join(conf, "freeswitch.xml"), "utf8");
  if (!main.includes(EMPTY_DIRECTORY)) throw new Error("freeswitch-conf/freeswitch.xml no longer has the empty directory section this bench replaces");
  writeFileSync(join(conf, "freeswitch.xml"), main.replace(EMPTY_DIRECTORY, section.doc().end({ headless: true, prettyPrint: true })));
  const curl = readFileSync(join(conf, "autoload_configs/xml_curl.conf.xml"), "utf8");
  const bound = /<binding name="callboard-directory">[\s\S]*?<\/binding>/;
  if (!bound.test(curl)) throw new Error("freeswitch-conf's xml_curl.conf no longer has the directory binding this bench takes away");
  writeFileSync(join(conf, "autoload_configs/xml_curl.conf.xml"), curl.replace(bound, ""));
  await tier.fs.restart();
}
