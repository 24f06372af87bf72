import { Text } from "ink";
import { VIEW_ORDER, VIEWS } from "../views/all-views.ts";
import type { ViewId } from "../views/view-def.ts";

type Props = { view: ViewId; shown: number; total: number; filter: string; filterError?: string; position: number };

/** The view switcher, and where the selection is among the (filtered) rows. */
export function ViewTabs({ view, shown, total, filter, filterError, position }: Props) {
  return (
    <Text wrap="truncate">
      {VIEW_ORDER.map((v) => (
        <Text key={v} inverse={v === view} bold={v === view}>
          {` ${VIEWS[v].hotkey} ${v} `}
        </Text>
      ))}
      <Text color="gray">
        {"  "}
        {shown === 0 ? 0 : position + 1}/{shown}
        {filter ? ` of ${total}` : ""}
      </Text>
      {filter ? <Text color="yellow">{`  /${filter}`}</Text> : null}
      {filterError ? <Text color="red">{`  (not a regex, matched literally)`}</Text> : null}
    </Text>
  );
}
