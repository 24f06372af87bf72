/**
 * A test's own event-socket connection to the tier's FreeSWITCH: the debug
 * log lines (switch_ivr_menu, the phrase macros and playback log only at
 * DEBUG, below what freeswitch.log keeps) and chosen events, each with the
 * exact bytes FreeSWITCH sent, for assertions and for capturing fixtures.
 */
import { authedClient, type RawEslClient, type RawFrame } from "../../support/esl-test-client.ts";
import type { Tier } from "./tier.ts";

export type EslWatch = {
  /** Every log line so far (`log/data` bodies). */
  log(): string[];
  /** Every event frame so far, as received. */
  events(): RawFrame[];
  /** `api <command>` on this connection (not while events pour in: replies are told apart by type). */
  api(command: string): Promise<string>;
  close(): void;
};

/**
 * Raises FreeSWITCH's log level to debug (`fsctl loglevel debug`: the file
 * logger's own map still keeps debug out of freeswitch.log), asks for the
 * log and for `events` (e.g. `CUSTOM vm::maintenance`) in JSON.
 */
export async function watchFreeswitch(tier: Tier, events: string): Promise<EslWatch> {
  const client: RawEslClient = await authedClient(tier.esl.port, tier.esl.password);
  const api = async (command: string) => {
    client.send(`api ${command}\n\n`);
    const [reply] = (await client.until((f) => f.headers.get("Content-Type") === "api/response")).slice(-1);
    return reply!.body.toString("utf8");
  };
  await api("fsctl loglevel debug");
  await client.command("log debug");
  await client.command(`event json ${events}`);
  const lines: string[] = [];
  const seen: RawFrame[] = [];
  let stopped = false;
  void (async () => {
    while (!stopped) {
      const frame = await client.next().catch(() => undefined);
      if (!frame) return;
      const type = frame.headers.get("Content-Type");
      if (type === "log/data") lines.push(frame.body.toString("utf8"));
      else if (type === "text/event-json") seen.push(frame);
    }
  })();
  return {
    log: () => lines,
    events: () => seen,
    api: async (command) => {
      const other = await authedClient(tier.esl.port, tier.esl.password);
      try {
        return (await other.command(`api ${command}`)).body.toString("utf8");
      } finally {
        other.close();
      }
    },
    close: () => {
      stopped = true;
      client.close();
    },
  };
}
