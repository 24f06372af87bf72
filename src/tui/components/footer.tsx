import { Text } from "ink";
import type { Mode, UiState } from "../ui-state.ts";

type Props = { ui: UiState };

/** A one-line prompt; its text is edited by the keymap's input bindings, so a burst of keys is never lost. */
function Prompt({ label, draft, error }: { label: string; draft: string; error?: string }) {
  return (
    <Text wrap="truncate">
      <Text bold color="cyan">{label}</Text>
      {draft}
      <Text inverse> </Text>
      {error ? <Text color="red">{`  ${error}`}</Text> : null}
    </Text>
  );
}

const HINTS = "⏎ details  ^D hang up  r rec  t transfer  l listen  / filter  : view  ? help  q quit";
const QUEUES_HINTS = "⏎ details  s agent status  / filter  : view  ? help  q quit";
const READONLY_HINTS = "⏎ details  / filter  : view  ? help  q quit";

function promptFor(mode: Mode, ui: UiState) {
  switch (mode.kind) {
    case "filter":
      return <Prompt label="/" draft={mode.draft} />;
    case "command":
      return <Prompt label=":" draft={mode.draft} />;
    case "transfer":
      return <Prompt label={`Transfer ${mode.leg.party} to: `} draft={mode.draft} error={mode.error} />;
    case "listen":
      return <Prompt label="listen in from my extension: " draft={mode.draft} error={mode.error} />;
    case "confirm-hangup":
      return (
        <Text wrap="truncate" color="red" bold>
          {`Hang up ${mode.target.label}? (y/n)`}
        </Text>
      );
    default:
      if (ui.message) {
        return (
          <Text wrap="truncate" color={ui.message.tone === "error" ? "red" : "green"}>
            {ui.message.text}
          </Text>
        );
      }
      if (ui.readonly) {
        return (
          <Text wrap="truncate">
            <Text color="yellow" bold>{`READ-ONLY (${ui.readonly}): actions disabled  `}</Text>
            <Text color="gray">{READONLY_HINTS}</Text>
          </Text>
        );
      }
      return (
        <Text wrap="truncate" color="gray">
          {ui.view === "queues" ? QUEUES_HINTS : HINTS}
        </Text>
      );
  }
}

/** The last line: key hints, the answer to the last action, or the prompt being typed. */
export function Footer({ ui }: Props) {
  return promptFor(ui.mode, ui);
}
