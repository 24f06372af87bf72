import { loadConfig } from "../config.ts";
import { dbFile, openDb } from "../db/client.ts";
import { createSecretBox, loadSecretKey } from "../db/secret-box.ts";
import { serviceLogger } from "../log.ts";
import { startSystem } from "../system.ts";
import { VERSION } from "../version.ts";
import { ensureFirstStartTokens } from "./first-start.ts";
import { prepareRecordingsDir } from "./recordings-dir.ts";
import { prepareSoundsDir } from "./sounds-dir.ts";
import { prepareVoicemailDir } from "./voicemail-dir.ts";
import { type Command, parseFlags } from "./usage.ts";

export const command: Command = {
  summary: "run the HTTP API, the xml_curl and CDR endpoints and the ESL client (default)",
  help: `usage: callboard serve

Serves the REST API, /freeswitch/xml and /freeswitch/cdr on CALLBOARD_HTTP_HOST:CALLBOARD_HTTP_PORT
(default 127.0.0.1:8080), and FreeSWITCH's xml_curl listener (POST /freeswitch/xml only) on
CALLBOARD_XMLCURL_HOST:CALLBOARD_XMLCURL_PORT (default 127.0.0.1:8081); migrates the database in CALLBOARD_DATA_DIR (default ./data) and keeps
an event-socket connection to FreeSWITCH. On an empty data dir it prints a new admin token once.`,
  run: runServe,
};

async function runServe(args: string[]) {
  parseFlags(args, {}, command.help);
  const config = loadConfig();
  const log = serviceLogger(config);
  if (config.esl.stockPassword) {
    log.warn("CALLBOARD_ESL_PASSWORD is FreeSWITCH's stock ClueCon: set your own in both places");
  }
  const db = openDb(dbFile(config.dataDir));
  // A key that cannot load stops the start before the first admin token is made.
  const secrets = createSecretBox(loadSecretKey(config.dataDir, config.secretKey));
  const { adminToken } = ensureFirstStartTokens(db, config.dataDir);
  const stopRecordingsDir = prepareRecordingsDir(config, log);
  prepareSoundsDir(config, log);
  prepareVoicemailDir(config, log);
  const callboard = startSystem({ config, log, db, secrets });

  const lines = [
    `callboard ${VERSION} listening on ${callboard.url}`,
    `  REST API      ${callboard.url}/api/v1   (docs: ${callboard.url}/api/docs)`,
    `  metrics       ${callboard.url}/metrics`,
    `  xml_curl      ${callboard.xmlcurlUrl}/freeswitch/xml   (FreeSWITCH's CALLBOARD_XMLCURL_URL; also on ${callboard.url})`,
    `  json_cdr      ${callboard.url}/freeswitch/cdr`,
    `  SIP domain    ${config.domain}`,
    `  FreeSWITCH    ESL ${config.esl.host}:${config.esl.port}`,
    `  recordings    ${config.recordingsDir}`,
    `  sounds        ${config.soundsDir}`,
    `  voicemail     ${config.voicemail.dir}`,
  ];
  if (adminToken) {
    lines.push("", "First start: your admin token (shown only now, keep it):", `  ${adminToken}`);
  }
  // For the person at the terminal, on stderr: stdout is the log stream (JSON lines under systemd or docker), which must hold no token.
  console.error(lines.join("\n"));

  const shutdown = async () => {
    stopRecordingsDir();
    await callboard.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
