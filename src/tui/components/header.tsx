import { Box, Text } from "ink";
import type { StoreState } from "../store.ts";
import { formatUptime } from "../format.ts";

type Props = { state: StoreState; callsLastMinute: number; now: number; url: string; width: number };

/** Replaces the counts while they cannot be trusted. */
function CallboardProblem({ state, url, now }: { state: StoreState; url: string; now: number }) {
  const c = state.connection;
  if (c.state === "connected") return null;
  if (c.state === "connecting") return <Text color="yellow" wrap="truncate">connecting to callboard at {url}…</Text>;
  const retry = c.retryAt ? ` — retrying in ${Math.max(0, Math.ceil((c.retryAt - now) / 1000))}s` : "";
  const what = c.state === "unauthorized" ? `callboard at ${url} refused the token` : `callboard unreachable at ${url}`;
  return (
    <Text color="red" bold wrap="truncate">
      {what}: {c.message}
      {retry}
    </Text>
  );
}

/** Two lines: FreeSWITCH itself, then the counts (or why callboard cannot be reached). */
export function Header({ state, callsLastMinute, now, url, width }: Props) {
  const st = state.status;
  const fsUp = st.upSince ? formatUptime(now - st.upSince) : "-";
  const esl = st.esl;
  const { channels, calls, regs, gatewaysUp, gatewaysDown, queued } = state.counts;
  const linked = state.connection.state === "connected";
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold color="cyan">callboard top</Text>
        <Text>{"  FreeSWITCH "}{st.version ? st.version.split(" ")[0] : "?"}</Text>
        <Text>{"  up "}{fsUp}</Text>
        <Text>{"  ESL "}</Text>
        {!linked ? (
          <Text color="gray">unknown</Text>
        ) : esl === "connected" ? (
          <Text color="green">connected</Text>
        ) : (
          <Text color="red" bold>{esl} — FreeSWITCH unreachable</Text>
        )}
      </Text>
      {!linked ? (
        <CallboardProblem state={state} url={url} now={now} />
      ) : (
      <Text wrap="truncate">
        <Text>channels </Text>
        <Text bold>{channels}</Text>
        <Text>{"  calls "}</Text>
        <Text bold>{calls}</Text>
        <Text>{"  regs "}</Text>
        <Text bold>{regs}</Text>
        <Text>{"  gateways "}</Text>
        <Text color="green" bold>{gatewaysUp}↑</Text>
        <Text> </Text>
        <Text color={gatewaysDown > 0 ? "red" : undefined} bold>{gatewaysDown}↓</Text>
        <Text>{"  calls/min "}</Text>
        <Text bold>{callsLastMinute}</Text>
        {queued > 0 ? <Text color="yellow" bold>{`  queued ${queued}`}</Text> : null}
      </Text>
      )}
    </Box>
  );
}
