import { Box, Text } from "ink";
import type { DidTrace as Trace } from "../api-types.ts";
import { TONE_COLOR } from "../components/tone-colors.ts";
import { fitCell } from "../format.ts";
import type { Tone } from "./view-def.ts";

/** A DID's trace as the store holds it: absent while it is being fetched. */
export type TraceEntry = { trace: Trace } | { error: string };

export type TraceStep = { label: string; text: string; tone?: Tone };

type Step = Trace["chain"][number];
type Reason = Extract<Step, { kind: "time_condition" }>["reason"];

const to = (d: { type: string; target: string }) => `${d.type.replace(/_/g, " ")} ${d.target}`;

function why(r: Reason): string {
  if (r.kind === "holiday") return `holiday ${r.name ?? r.date ?? ""}`.trim();
  if (r.kind === "no_rule") return "no rule open";
  return `rule ${(r.index ?? 0) + 1}: ${(r.days ?? []).join(" ")} ${r.open ?? ""}-${r.close ?? ""}`.trim();
}

/** How a group or queue ends when nothing answered: its cause, or the time condition it goes on to. */
const thenWhat = (s: { hangupCause: string; timeCondition?: string }) => (s.timeCondition === undefined ? s.hangupCause : `time condition ${s.timeCondition}`);

/** One line per step of the chain: the DID, each time condition passed and why, and where the call ends. */
export function traceSteps(trace: Trace): TraceStep[] {
  return trace.chain.map((s): TraceStep => {
    switch (s.kind) {
      case "did":
        return { label: "DID", text: `${s.number} → ${to(s.destination)}` };
      case "time_condition":
        return {
          label: "time condition",
          text: `${s.name} ${s.state} (${why(s.reason)}, ${s.local}) → ${to(s.destination)}`,
          tone: s.state === "open" ? "up" : "warn",
        };
      case "extension":
        return { label: "reaches", text: `extension ${s.number}${s.record ? " (recorded)" : ""}`, tone: "answered" };
      case "ring_group":
        return {
          label: "reaches",
          text: `ring group ${s.group}: ${s.steps.length} step${s.steps.length === 1 ? "" : "s"}, then ${thenWhat(s)}${s.record ? " (recorded)" : ""}`,
          tone: "answered",
        };
      case "queue":
        return {
          label: "reaches",
          text: `queue ${s.queue}: after the max wait ${s.fallbackSteps.length} step${s.fallbackSteps.length === 1 ? "" : "s"}, then ${thenWhat(s)}${s.record ? " (recorded)" : ""}`,
          tone: "answered",
        };
      case "reject":
        return { label: "rejected", text: `${s.cause}: ${s.reason}`, tone: "down" };
    }
  });
}

type Props = { number: string; entry?: TraceEntry; height: number };

/** The `enter` page of the dids view: what a call to this DID does now. */
export function DidTrace({ number, entry, height }: Props) {
  const steps: TraceStep[] =
    entry === undefined
      ? [{ label: "", text: "tracing…", tone: "dim" }]
      : "error" in entry
        ? [{ label: "trace failed", text: entry.error, tone: "down" }]
        : traceSteps(entry.trace);
  const when = entry && "trace" in entry ? `   at ${entry.trace.at} (${entry.trace.timeZone})` : "";
  return (
    <Box flexDirection="column" height={height + 1}>
      <Text bold color="cyan" wrap="truncate">
        {`DID ${number} now`}
        <Text color="gray">{`${when}   esc back`}</Text>
      </Text>
      {steps.slice(0, height).map((s, i) => (
        <Text key={i} wrap="truncate">
          <Text color="gray">{fitCell(s.label, 16)}</Text>
          <Text color={s.tone ? TONE_COLOR[s.tone] : undefined}>{s.text}</Text>
        </Text>
      ))}
    </Box>
  );
}
