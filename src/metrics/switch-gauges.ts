/**
 * The gauges that describe the PBX right now, computed when Prometheus
 * scrapes: the live view's counts, each gateway's state, the ESL link, and
 * what the recordings take on disk. Nothing here runs per call or per event
 * except the ESL status listener, which only counts reconnects.
 */
import { sql } from "drizzle-orm";
import { Counter, Gauge } from "prom-client";
import type { Db } from "../db/client.ts";
import { gateways, recordings } from "../db/schema.ts";
import type { GatewayStatus, LiveView } from "../esl/live-types.ts";
import type { EslPort } from "../esl/port.ts";
import type { Metrics } from "./metrics.ts";

export type SwitchSources = { live: LiveView; esl: EslPort; db: Db; now?: () => number };

/** Registered, or a gateway that does not register (NOREG) whose OPTIONS pings are not failing. */
export const gatewayIsUp = (g: Pick<GatewayStatus, "state" | "pingStatus">) =>
  g.state === "REGED" || (g.state === "NOREG" && g.pingStatus !== "DOWN");

/** Adds the switch gauges to `metrics`' registry; a second call for the same registry does nothing. */
export function addSwitchGauges(metrics: Metrics, sources: SwitchSources): void {
  const registers = [metrics.registry];
  if (metrics.registry.getSingleMetric("callboard_channels")) return;
  const now = sources.now ?? Date.now;
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read());
      },
    });

  gauge("callboard_channels", "Live channels (call legs)", () => sources.live.snapshot().channels.length);
  gauge("callboard_calls", "Live calls", () => sources.live.snapshot().calls.length);
  gauge("callboard_registrations", "Registered phones, one per device, unexpired", () => {
    const at = now();
    return sources.live.snapshot().registrations.filter((r) => r.expiresAt > at).length;
  });
  gauge("callboard_esl_connected", "1 while the event socket to FreeSWITCH is connected", () => (sources.esl.status() === "connected" ? 1 : 0));

  new Gauge({
    name: "callboard_gateway_up",
    help: "1 when a gateway is registered (REGED) or, not registering, answers pings; 0 for every other state, and for an enabled gateway FreeSWITCH does not report",
    labelNames: ["gateway"],
    registers,
    collect() {
      this.reset();
      const live = new Map(sources.live.snapshot().gateways.map((g) => [g.name, g]));
      const enabled = sources.db.select({ name: gateways.name }).from(gateways).where(sql`${gateways.enabled} = 1`).all();
      for (const { name } of enabled) if (!live.has(name)) this.set({ gateway: name }, 0);
      for (const g of live.values()) this.set({ gateway: g.name }, gatewayIsUp(g) ? 1 : 0);
    },
  });

  const stored = () =>
    sources.db
      .select({ files: sql<number>`count(*)`, bytes: sql<number>`coalesce(sum(${recordings.sizeBytes}), 0)` })
      .from(recordings)
      .get() ?? { files: 0, bytes: 0 };
  gauge("callboard_recordings_bytes", "Bytes of the recordings callboard has registered (their sizes as stored)", () => stored().bytes);
  gauge("callboard_recordings", "Recordings callboard has registered", () => stored().files);

  const reconnects = new Counter({
    name: "callboard_esl_reconnects_total",
    help: "Times the event socket connected again after it had been connected",
    registers,
  });
  let connectedBefore = sources.esl.status() === "connected";
  sources.esl.onStatus((status) => {
    if (status !== "connected") return;
    if (connectedBefore) reconnects.inc();
    connectedBefore = true;
  });
}
