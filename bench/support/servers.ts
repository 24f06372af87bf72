/** Server processes for bench/xmlcurl-load.ts: started, waited for, stopped by pid. */
import { join } from "node:path";
import type { Population } from "./xmlcurl-population.ts";

/** `port`: where FreeSWITCH would send its POSTs; `apiPort`: the HTTP port, when that is another one. */
export type Server = { name: string; port: number; apiPort: number; pid: number; stop(): void };

let nextPort = 0;
async function freePort(): Promise<number> {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: nextPort, fetch: () => new Response() });
  const port = probe.port ?? 0;
  probe.stop(true);
  return port;
}

async function start(name: string, args: string[]): Promise<Server> {
  const port = await freePort();
  // The callboard mode's xml_curl listener port follows its root and dir.
  const extra = args[0] === "callboard" ? [args[1]!, args[2]!, String(await freePort()), ...args.slice(3)] : args.slice(1);
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "xmlcurl-server.ts"), args[0]!, String(port), ...extra], {
    stdout: "pipe",
    stderr: "inherit",
  });
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server ${name} exited before listening`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const said = JSON.parse(text.slice(0, text.indexOf("\n"))) as { xmlcurlPort?: number };
  return { name, port: said.xmlcurlPort ?? port, apiPort: port, pid: proc.pid, stop: () => proc.kill() };
}

export const startBare = () => start("bare", ["bare"]);
export const startBareReadingBody = () => start("bare-body", ["bare-body"]);
export const startBareListener = () => start("bare-listen", ["bare-listen"]);

export const startCallboard = (name: string, root: string, dir: string, p: Population) =>
  start(name, ["callboard", root, dir, String(p.extensions), String(p.dids), String(p.routes), String(p.gateways)]);
