/**
 * One server for bench/xmlcurl-load.ts, in a process of its own so its CPU
 * can be read from /proc:
 *
 *   bun bench/support/xmlcurl-server.ts bare|bare-body|bare-listen <port>
 *   bun bench/support/xmlcurl-server.ts callboard <port> <root> <dir> <xmlcurl port> <extensions> <dids> <routes> <gateways>
 *
 * `bare` is Bun.serve answering a constant 330-byte XML (`bare-body` reads
 * the request body first); `bare-listen` is callboard's xml_curl listener
 * (src/xmlcurl/xmlcurl-listener.ts) answering the same constant, guard
 * included: what its HTTP costs without an answer. `callboard` is the app of
 * the callboard tree at <root> (this one, or an older commit's `src` +
 * `test/support` unpacked by the bench), served as `serve` serves it, on a
 * SQLite file in <dir> filled with the population, logging to <dir>/log (as
 * stdout sent to a file). Prints one JSON line when it is listening:
 * `xmlcurlPort` is the port FreeSWITCH would be pointed at (the xml_curl
 * listener's, or the API port for a tree without one).
 */
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { DOMAIN, PASSWORD, populationRows } from "./xmlcurl-population.ts";

const [mode, portArg, rootArg, dir, xmlcurlPortArg, ...counts] = process.argv.slice(2);
// A clean exit, so a profiler started with --cpu-prof writes its profile.
process.on("SIGTERM", () => process.exit(0));
const port = Number(portArg);
const xmlcurlPort = Number(xmlcurlPortArg ?? 0);

const NOT_FOUND = '<document type="freeswitch/xml"><section name="result"><result status="not found"/></section></document>';
/** The baseline: a constant 330-byte XML answer. */
const BARE_XML = `${NOT_FOUND}<!--${"-".repeat(330 - NOT_FOUND.length - 7)}-->`;

if (mode === "bare-listen") {
  const { startXmlCurlListener } = await import("../../src/xmlcurl/xmlcurl-listener.ts");
  const { freeswitchSourceCheck } = await import("../../src/http/source-guard.ts");
  const { createLogger } = await import("../../src/log.ts");
  const log = createLogger("silent");
  const check = freeswitchSourceCheck({ allow: ["127.0.0.1", "::1"], listen: { host: "127.0.0.1", port } }, log);
  startXmlCurlListener({ host: "127.0.0.1", port, answerBody: () => BARE_XML, check, log });
  console.log(JSON.stringify({ listening: port, xmlcurlPort: port }));
} else if (mode === "bare" || mode === "bare-body") {
  const headers = { "content-type": "text/xml" };
  // bare-body also reads the body, as any server answering from it must: what Bun alone costs for that.
  const fetch =
    mode === "bare"
      ? () => new Response(BARE_XML, { headers })
      : async (req: Request) => {
          await req.text();
          return new Response(BARE_XML, { headers });
        };
  Bun.serve({ hostname: "127.0.0.1", port, fetch });
  console.log(JSON.stringify({ listening: port, xmlcurlPort: port, bytes: Buffer.byteLength(BARE_XML) }));
} else {
  const root = resolve(rootArg ?? ".");
  const [extensions, dids, routes, gatewayCount] = counts.map(Number) as [number, number, number, number];
  const { openDb } = await import(join(root, "src/db/client.ts"));
  const schema = await import(join(root, "src/db/schema.ts"));
  const { createSecretBox } = await import(join(root, "src/db/secret-box.ts"));
  const { loadConfig } = await import(join(root, "src/config.ts"));
  const { createLogger } = await import(join(root, "src/log.ts"));
  const { testDeps } = await import(join(root, "test/support/deps.ts"));
  const pino = (await import("pino")).default;

  const db = openDb(join(dir!, "callboard.sqlite"));
  const secrets = createSecretBox(Buffer.alloc(32, 7));
  populate(db, schema, secrets, { extensions, dids, routes, gateways: gatewayCount });
  const config = loadConfig({
    CALLBOARD_DATA_DIR: dir,
    CALLBOARD_DOMAIN: DOMAIN,
    CALLBOARD_HTTP_HOST: "127.0.0.1",
    CALLBOARD_HTTP_PORT: String(port),
    // Trees without the listener ignore it.
    CALLBOARD_XMLCURL_PORT: String(xmlcurlPort),
    CALLBOARD_CDR_SPOOL_DIR: join(dir!, "cdr-spool"),
    CALLBOARD_RECORDINGS_DIR: join(dir!, "recordings"),
  });
  // As `serve` logs: JSON lines, written synchronously (here to a file rather than stdout).
  const log = createLogger("info", pino.destination({ dest: join(dir!, "log"), sync: true }));
  const deps = testDeps({ db, config, log, secrets });
  const running = await serve(root, deps, port);
  const listener = running?.xmlcurlUrl ? Number(new URL(running.xmlcurlUrl).port) : port;
  console.log(JSON.stringify({ listening: port, xmlcurlPort: listener, root }));
}


/** Served as that tree's `serve` serves it: its startServer since the composition root, its createApp on Bun.serve before. */
async function serve(root: string, deps: unknown, port: number): Promise<{ xmlcurlUrl?: string } | undefined> {
  const system = await import(join(root, "src/system.ts")).catch(() => undefined);
  if (system?.startServer) return system.startServer(deps);
  const app = (await import(join(root, "src/api/app.ts"))).createApp(deps);
  Bun.serve({ hostname: "127.0.0.1", port, fetch: app.fetch, maxRequestBodySize: 2 * 1024 * 1024 });
  return undefined;
}

/** Fills the tables in one transaction; the rows are dropped after, so they do not weigh on the server's heap. */
function populate(db: any, schema: any, secrets: { seal(p: string): string }, p: { extensions: number; dids: number; routes: number; gateways: number }) {
  // One hash for every row: only its shape matters to the answers measured.
  const a1Hash = createHash("md5").update(`100000:${DOMAIN}:${PASSWORD}`).digest("hex");
  const rows = populationRows(p, a1Hash, (plain) => secrets.seal(plain));
  db.transaction((tx: any) => {
    for (let i = 0; i < rows.extensions.length; i += 500) tx.insert(schema.extensions).values(rows.extensions.slice(i, i + 500)).run();
    for (let i = 0; i < rows.dids.length; i += 500) tx.insert(schema.dids).values(rows.dids.slice(i, i + 500)).run();
    const gws = tx.insert(schema.gateways).values(rows.gateways).returning({ id: schema.gateways.id }).all();
    tx.insert(schema.outboundRoutes).values(rows.routes(gws[0].id)).run();
  });
}
