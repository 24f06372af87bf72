import type { Command } from "./usage.ts";

/** Each command loads its own module, so `serve` never pays for Ink and `top` never opens the database. */
export const commands: Record<string, Command> = {
  serve: {
    summary: "run the HTTP API, the xml_curl and CDR endpoints and the ESL client (default)",
    help: `usage: callboard serve

Serves the REST API, /freeswitch/xml and /freeswitch/cdr on CALLBOARD_HTTP_HOST:CALLBOARD_HTTP_PORT
(default 127.0.0.1:8080), migrates the database in CALLBOARD_DATA_DIR (default ./data) and keeps
an event-socket connection to FreeSWITCH. On an empty data dir it prints a new admin token once.`,
    run: async (args) => (await import("./serve.ts")).runServe(args),
  },
  migrate: {
    summary: "create or upgrade the database, then exit",
    help: `usage: callboard migrate

Applies the committed migrations to CALLBOARD_DATA_DIR/callboard.sqlite and exits.`,
    run: async (args) => (await import("./migrate.ts")).runMigrate(args),
  },
  token: {
    summary: "create an API token: token create --name NAME --role admin|viewer",
    help: `usage: callboard token create --name NAME --role admin|viewer

Creates a bearer token for the REST API and prints it alone on the last line.
It is stored hashed: keep it, it cannot be shown again.`,
    run: async (args) => (await import("./token.ts")).runToken(args),
  },
  doctor: {
    summary: "check the environment, data dir, database, HTTP port and FreeSWITCH's event socket",
    help: `usage: callboard doctor

Checks, one line each (ok / warn / fail): the environment parses; CALLBOARD_DATA_DIR
exists with mode 0700 and secret.key is 0600; the recordings directory is writable by
FreeSWITCH; the database has every migration; FreeSWITCH's parked CDRs; the HTTP port is
free or callboard answers /health there; CALLBOARD_ESL_PASSWORD is not the stock ClueCon;
FreeSWITCH's event socket is reachable and accepts the password; both SIP profiles run and
each gateway's state (sofia status); and, from the running callboard's /metrics, that
FreeSWITCH asked xml_curl within the hour.
Changes nothing: the database is opened read-only and pending migrations are only reported.
Exits 1 when any check fails.`,
    run: async (args) => (await import("./doctor.ts")).runDoctor(args),
  },
  top: {
    summary: "live terminal dashboard of channels, calls, registrations and gateways",
    help: `usage: callboard top [--url http://127.0.0.1:8080] [--token TOKEN] [--readonly]

A live dashboard over the REST API and the /api/v1/events stream. On the PBX box it needs no
flags: the URL comes from CALLBOARD_HTTP_HOST/CALLBOARD_HTTP_PORT and the token from
CALLBOARD_DATA_DIR/local.token, written by \`callboard serve\` on first start.
--readonly turns off hang-up, record, transfer and listen (a viewer token does the same).
Press ? inside for the keys.`,
    run: async (args) => (await import("./top.ts")).runTop(args),
  },
  demo: {
    summary: "callboard with a simulated FreeSWITCH playing a call-centre day, and the dashboard",
    help: `usage: callboard demo [--no-top] [--port N] [--seed N] [--speed X]

Starts the ESL simulator on 127.0.0.1, callboard on 127.0.0.1:N (default: a free port) with an
in-memory database seeded with ten extensions, the belluz gateway and three DIDs, and plays a
call-centre day: DID calls, outbound calls through belluz, transfers, holds, recordings, phones
registering and dropping off, belluz flapping. Everything is marked SIMULATED. Prints the URL and
an admin token, then opens \`callboard top\` in this terminal (--no-top: serve only, until ctrl-c).
--speed 5 plays five times faster; --seed N replays the same day.`,
    run: async (args) => (await import("./demo.ts")).runDemo(args),
  },
  export: {
    summary: "write the whole PBX as a file apply takes: export [-o pbx.yaml]",
    help: `usage: callboard export [-o FILE] [--format yaml|json] [--url URL] [--token TOKEN]

Prints (or writes to FILE) every extension, gateway, DID and outbound route, in a stable order,
defaults left out. No credentials: applying the file keeps the stored ones, so
\`callboard export | callboard apply -f - --yes\` changes nothing. Asks the running callboard,
found as \`callboard top\` finds it. The format: docs/pbx-file.md.`,
    run: async (args) => (await import("./export.ts")).runExport(args, commands.export!.help),
  },
  plan: {
    summary: "show what applying a PBX file would change: plan -f pbx.yaml [--prune]",
    help: `usage: callboard plan -f FILE [--prune] [--json] [--url URL] [--token TOKEN]

Checks FILE (YAML or JSON; - for standard input) by the REST API's rules and a full dry run, and
prints what apply would do: + create, ~ change (field: old → new), - delete (with --prune), and
what the file leaves out. Credentials show only as "(changed)". Gateway passwords the file refers
to ({ env: NAME }, { file: PATH }) are read here and sent to callboard.
Exit code: 0 nothing would change, 2 something would, 1 invalid file (every error by path) or failure.`,
    run: async (args) => (await import("./plan.ts")).runPlan(args, commands.plan!.help),
  },
  apply: {
    summary: "make the PBX match a file, all or nothing: apply -f pbx.yaml [--prune] [--yes]",
    help: `usage: callboard apply -f FILE [--prune] [--yes] [--url URL] [--token TOKEN]

Shows the plan, asks, then applies exactly that plan in one transaction (if the PBX changed
meanwhile, nothing is applied). Objects the file leaves out stay, and are listed; --prune deletes
them, what refers before what is referred to. FreeSWITCH is told as for REST changes (killgw,
rescan). New extensions without an a1Hash get a password, printed once. --yes skips the question
(needed with -f - or without a terminal). Exit code: 0 applied or nothing to do, 1 otherwise.`,
    run: async (args) => (await import("./apply.ts")).runApply(args, commands.apply!.help),
  },
  schema: {
    summary: "print the PBX file's JSON Schema, for editors",
    help: `usage: callboard schema [-o FILE]

Prints the JSON Schema (draft 2020-12) of the file plan/apply/export use, generated from the
REST API's zod schemas. Point an editor at it, e.g. first line of pbx.yaml:
# yaml-language-server: $schema=pbx.schema.json`,
    run: async (args) => (await import("./schema.ts")).runSchema(args, commands.schema!.help),
  },
};

export function printUsage() {
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  const lines = Object.entries(commands).map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}`);
  console.log(`usage: callboard <command> [--help]   (callboard --version prints the version)\n\ncommands:\n${lines.join("\n")}`);
}
