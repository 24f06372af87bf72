/**
 * What one event-socket connection asked to receive: `event`, `nixevent`,
 * `noevents` and `filter`, with mod_event_socket's matching rules.
 */
import type { EventFormat, SimEvent } from "./frames.ts";

/** switch_event.c's EVENT_NAMES: a word that is none of these is ignored by `event`. */
const KNOWN_EVENTS = new Set(
  (
    "CUSTOM CLONE CHANNEL_CREATE CHANNEL_DESTROY CHANNEL_STATE CHANNEL_CALLSTATE CHANNEL_ANSWER CHANNEL_HANGUP " +
    "CHANNEL_HANGUP_COMPLETE CHANNEL_EXECUTE CHANNEL_EXECUTE_COMPLETE CHANNEL_HOLD CHANNEL_UNHOLD CHANNEL_BRIDGE " +
    "CHANNEL_UNBRIDGE CHANNEL_PROGRESS CHANNEL_PROGRESS_MEDIA CHANNEL_OUTGOING CHANNEL_PARK CHANNEL_UNPARK " +
    "CHANNEL_APPLICATION CHANNEL_ORIGINATE CHANNEL_UUID API LOG INBOUND_CHAN OUTBOUND_CHAN STARTUP SHUTDOWN PUBLISH " +
    "UNPUBLISH TALK NOTALK SESSION_CRASH MODULE_LOAD MODULE_UNLOAD DTMF MESSAGE PRESENCE_IN NOTIFY_IN PRESENCE_OUT " +
    "PRESENCE_PROBE MESSAGE_WAITING MESSAGE_QUERY ROSTER CODEC BACKGROUND_JOB DETECTED_SPEECH DETECTED_TONE " +
    "PRIVATE_COMMAND HEARTBEAT TRAP ADD_SCHEDULE DEL_SCHEDULE EXE_SCHEDULE RE_SCHEDULE RELOADXML NOTIFY " +
    "PHONE_FEATURE PHONE_FEATURE_SUBSCRIBE SEND_MESSAGE RECV_MESSAGE REQUEST_PARAMS CHANNEL_DATA GENERAL COMMAND " +
    "SESSION_HEARTBEAT CLIENT_DISCONNECTED SERVER_DISCONNECTED SEND_INFO RECV_INFO RECV_RTCP_MESSAGE " +
    "SEND_RTCP_MESSAGE CALL_SECURE NAT RECORD_START RECORD_STOP PLAYBACK_START PLAYBACK_STOP CALL_UPDATE FAILURE " +
    "SOCKET_DATA MEDIA_BUG_START MEDIA_BUG_STOP CONFERENCE_DATA_QUERY CONFERENCE_DATA CALL_SETUP_REQ " +
    "CALL_SETUP_RESULT CALL_DETAIL DEVICE_STATE TEXT SHUTDOWN_REQUESTED ALL"
  ).split(" "),
);

function eventName(word: string): string | undefined {
  const upper = word.toUpperCase();
  const bare = upper.startsWith("SWITCH_EVENT_") ? upper.slice(13) : upper;
  return KNOWN_EVENTS.has(bare) ? bare : undefined;
}

function headerValue(event: SimEvent, name: string): string | undefined {
  const lower = name.toLowerCase();
  return event.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

function regexMatches(value: string, pattern: string): boolean {
  const body = pattern.startsWith("/") ? pattern.slice(1) : pattern;
  const close = body.lastIndexOf("/");
  const source = close >= 0 ? body.slice(0, close) : body;
  const flags = close >= 0 ? body.slice(close + 1).replace(/[^imsu]/g, "") : "";
  try {
    return new RegExp(source, flags).test(value);
  } catch {
    return false;
  }
}

export class EventSubscription {
  format: EventFormat = "plain";
  private enabled = false;
  private all = false;
  private readonly names = new Set<string>();
  private readonly subclasses = new Set<string>();
  private filters: [string, string][] = [];

  /** `event [plain|json|xml] <names…>`; returns the reply text. */
  subscribe(args: string[]): string {
    let keys = 0;
    let custom = false;
    args.forEach((word, index) => {
      const lower = word.toLowerCase();
      if (index === 0 && (lower === "plain" || lower === "json" || lower === "xml")) {
        this.format = lower;
        return;
      }
      if (custom) {
        if (word !== "") this.subclasses.add(word);
        return;
      }
      const name = eventName(word);
      if (!name) return;
      keys++;
      if (name === "ALL") this.all = true;
      else this.names.add(name);
      if (name === "CUSTOM") custom = true;
    });
    if (keys === 0) return "-ERR no keywords supplied";
    this.enabled = true;
    return `+OK event listener enabled ${this.format}`;
  }

  nix(args: string[]): string {
    let keys = 0;
    let custom = false;
    for (const word of args) {
      if (custom) {
        this.subclasses.delete(word);
        continue;
      }
      const name = eventName(word);
      if (!name) continue;
      keys++;
      if (name === "CUSTOM") custom = true;
      else if (name === "ALL") {
        this.all = false;
        this.names.clear();
      } else {
        if (this.all) {
          this.all = false;
          for (const known of KNOWN_EVENTS) if (known !== "ALL") this.names.add(known);
        }
        this.names.delete(name);
      }
    }
    if (keys === 0) return "-ERR no keywords supplied";
    this.enabled = true;
    return "+OK events nixed";
  }

  clear(): string {
    if (!this.enabled) return "-ERR not listening for events";
    this.enabled = false;
    this.all = false;
    this.names.clear();
    this.subclasses.clear();
    return "+OK no longer listening for events";
  }

  /** `filter <header> <value>`, `filter delete <header> [<value>]`, `filter delete all`. */
  filter(rest: string): string {
    const trimmed = rest.replace(/^ +/, "");
    const space = trimmed.indexOf(" ");
    let name = space < 0 ? trimmed : trimmed.slice(0, space);
    let value = space < 0 ? undefined : trimmed.slice(space + 1);
    if (name.toLowerCase() === "delete" && value !== undefined) {
      const next = value.indexOf(" ");
      name = next < 0 ? value : value.slice(0, next);
      const deleted = next < 0 ? undefined : value.slice(next + 1);
      if (name.toLowerCase() === "all") this.filters = [];
      else this.filters = this.filters.filter(([n, v]) => n.toLowerCase() !== name.toLowerCase() || (deleted !== undefined && v !== deleted));
      return `+OK filter deleted. [${name}][${deleted ?? ""}]`;
    }
    if (value === undefined) return "-ERR invalid syntax";
    if (name.toLowerCase() === "add") {
      const next = value.indexOf(" ");
      name = next < 0 ? value : value.slice(0, next);
      value = next < 0 ? "" : value.slice(next + 1);
    }
    this.filters.push([name, value]);
    return `+OK filter added. [${name}]=[${value}]`;
  }

  wants(event: SimEvent): boolean {
    if (!this.enabled) return false;
    let send = this.all || (this.names.has(event.name) && (event.name !== "CUSTOM" || !event.subclass || this.subclasses.has(event.subclass)));
    if (!send || this.filters.length === 0) return send;
    send = false;
    for (const [name, raw] of this.filters) {
      const value = headerValue(event, name);
      if (value === undefined) continue;
      let compareTo = raw;
      let positive = true;
      while (compareTo.length > 0 && "+- ".includes(compareTo[0]!)) {
        if (compareTo[0] === "+") positive = true;
        else if (compareTo[0] === "-") positive = false;
        compareTo = compareTo.slice(1);
      }
      if (send && positive) continue;
      const matched = raw.startsWith("/") ? regexMatches(value, compareTo) : value.toLowerCase() === compareTo.toLowerCase();
      if (!matched) continue;
      if (!positive) return false;
      send = true;
    }
    return send;
  }
}
