import { Box, Text } from "ink";
import { fitCell } from "../format.ts";
import { helpRows } from "../keymap.ts";
import type { ViewId } from "../views/view-def.ts";

type DetailsProps = { title: string; fields: Array<[string, string]>; height: number };

/** The `enter` page: every field of one row, label then value. */
export function DetailsPage({ title, fields, height }: DetailsProps) {
  const labelWidth = Math.max(...fields.map(([l]) => l.length)) + 2;
  return (
    <Box flexDirection="column" height={height + 1}>
      <Text bold color="cyan" wrap="truncate">
        {title}
        <Text color="gray">{"   esc back"}</Text>
      </Text>
      {fields.slice(0, height).map(([label, value]) => (
        <Text key={label} wrap="truncate">
          <Text color="gray">{fitCell(label, labelWidth)}</Text>
          {value}
        </Text>
      ))}
    </Box>
  );
}

type HelpProps = { view: ViewId; readonly?: string; height: number; width: number };

/** The `?` page, made from the keymap table itself. */
export function HelpPage({ view, readonly, height, width }: HelpProps) {
  const rows = helpRows(view);
  const keyWidth = Math.max(...rows.map(([k]) => k.length)) + 2;
  return (
    <Box flexDirection="column" height={height + 1}>
      <Text bold color="cyan" wrap="truncate">
        {`keys (${view})`}
        <Text color="gray">{"   esc back"}</Text>
      </Text>
      {rows.slice(0, height).map(([keys, help, mutating], i) => (
        <Text key={i} wrap="truncate" color={mutating && readonly ? "gray" : undefined}>
          <Text bold>{fitCell(keys, keyWidth)}</Text>
          {fitCell(mutating && readonly ? `${help} (read-only)` : help, Math.max(10, width - keyWidth))}
        </Text>
      ))}
    </Box>
  );
}
