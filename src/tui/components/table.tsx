import { Box, Text } from "ink";
import { memo } from "react";
import { fitCell } from "../format.ts";
import type { PlacedColumn } from "../layout.ts";
import type { SortSpec } from "../store.ts";
import { TONE_COLOR } from "./tone-colors.ts";

function ColumnTitle({ placed, sort }: { placed: PlacedColumn<unknown>; sort: SortSpec }) {
  const { column, width } = placed;
  const sorted = column.sortLetter !== undefined && column.sortLetter === sort.letter;
  // The arrow replaces the title's last cell when the column is too narrow for both.
  const cell = sorted
    ? column.align === "right"
      ? fitCell(`${fitCell(column.title, Math.min(column.title.length, width - 1))}${sort.desc ? "↓" : "↑"}`, width, "right")
      : fitCell(column.title.length < width ? `${column.title}${sort.desc ? "↓" : "↑"}` : `${fitCell(column.title, width - 1)}${sort.desc ? "↓" : "↑"}`, width)
    : fitCell(column.title, width, column.align);
  const at = column.sortLetter ? cell.indexOf(column.sortLetter) : -1;
  if (at < 0) return <Text>{cell}</Text>;
  // The sort letter is underlined: shift+that letter sorts by this column.
  return (
    <Text>
      {cell.slice(0, at)}
      <Text underline>{cell[at]}</Text>
      {cell.slice(at + 1)}
    </Text>
  );
}

type RowProps = { row: unknown; columns: PlacedColumn<unknown>[]; now: number; selected: boolean };

// A row redraws only when its data, the layout, the second or the selection changes.
const TableRow = memo(function TableRow({ row, columns, now, selected }: RowProps) {
  return (
    <Text wrap="truncate" inverse={selected}>
      {columns.map((p, i) => {
        const tone = p.column.tone?.(row, now);
        const text = fitCell(p.column.text(row, now), p.width, p.column.align) + (i < columns.length - 1 ? " " : "");
        return tone ? (
          <Text key={i} color={TONE_COLOR[tone]}>
            {text}
          </Text>
        ) : (
          text
        );
      })}
    </Text>
  );
});

type TableProps = {
  columns: PlacedColumn<unknown>[];
  rows: unknown[];
  rowKey(row: unknown): string;
  selected: number;
  now: number;
  sort: SortSpec;
  height: number;
  emptyText: string;
};

/** Only the rows in view are given here, so its cost does not grow with the number of channels. */
export function Table({ columns, rows, rowKey, selected, now, sort, height, emptyText }: TableProps) {
  return (
    <Box flexDirection="column" height={height + 1}>
      <Text wrap="truncate" bold color="cyan">
        {columns.map((p, i) => (
          <Text key={i}>
            <ColumnTitle placed={p} sort={sort} />
            {i < columns.length - 1 ? " " : ""}
          </Text>
        ))}
      </Text>
      {rows.length === 0 ? <Text color="gray">{emptyText}</Text> : null}
      {rows.map((row, i) => (
        <TableRow key={rowKey(row)} row={row} columns={columns} now={now} selected={i === selected} />
      ))}
    </Box>
  );
}
