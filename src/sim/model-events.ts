/**
 * The base of the simulated switch: its identity, its clock, the one
 * Event-Sequence counter and the listeners every event goes to, plus the
 * events that belong to no channel or registration (HEARTBEAT, API,
 * BACKGROUND_JOB).
 */
import type { SimClock } from "./clock.ts";
import type { Header, SimEvent } from "./frames.ts";
import { coreHeaders, type EventStamp, type SwitchIdentity } from "./event-headers.ts";
import { SITES } from "./calling-sites.ts";

export type ModelOptions = {
  identity: SwitchIdentity;
  clock: SimClock;
  domain: string;
  firstSequence?: number;
};

export class ModelEvents {
  readonly startedMs: number;
  private sequence: number;
  private readonly listeners = new Set<(event: SimEvent) => void>();

  constructor(readonly options: ModelOptions) {
    this.sequence = options.firstSequence ?? 1;
    this.startedMs = options.clock.now();
  }

  get identity(): SwitchIdentity {
    return this.options.identity;
  }

  nowMicros(): number {
    return Math.floor(this.options.clock.now() * 1000);
  }

  onEvent(listener: (event: SimEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stamp(): EventStamp {
    return { micros: this.nowMicros(), sequence: this.sequence++ };
  }

  fire(event: SimEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  heartbeat(fields: Header[]): void {
    this.fire({ name: "HEARTBEAT", headers: [...coreHeaders("HEARTBEAT", this.identity, this.stamp(), SITES.heartbeat), ...fields] });
  }

  apiEvent(command: string, argument: string | undefined): void {
    const fields: Header[] = [["API-Command", command]];
    if (argument !== undefined) fields.push(["API-Command-Argument", argument]);
    this.fire({ name: "API", headers: [...coreHeaders("API", this.identity, this.stamp(), SITES.api), ...fields] });
  }

  backgroundJob(jobUuid: string, command: string, argument: string | undefined, body: string): void {
    const fields: Header[] = [["Job-UUID", jobUuid], ["Job-Command", command]];
    if (argument !== undefined) fields.push(["Job-Command-Arg", argument]);
    this.fire({
      name: "BACKGROUND_JOB",
      headers: [...coreHeaders("BACKGROUND_JOB", this.identity, this.stamp(), SITES.backgroundJob), ...fields],
      body,
    });
  }
}
