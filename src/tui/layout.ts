import type { Column } from "./views/view-def.ts";

export type PlacedColumn<R> = { column: Column<R>; width: number };

/**
 * Chooses the columns that fit `total` cells (one space between columns):
 * priority 1 always stays, then lower priorities while they fit; the spare
 * width goes to the growing columns. Display order stays the view's order.
 */
export function fitColumns<R>(columns: Column<R>[], total: number): PlacedColumn<R>[] {
  const byPriority = columns.map((c, i) => ({ c, i })).sort((a, b) => a.c.priority - b.c.priority || a.i - b.i);
  const chosen = new Set<number>();
  let used = -1;
  for (const { c, i } of byPriority) {
    const need = c.width + 1;
    if (c.priority > 1 && used + need > total) break;
    chosen.add(i);
    used += need;
  }
  const kept = columns.map((column, i) => ({ column, i })).filter(({ i }) => chosen.has(i));
  const spare = total - used;
  const widths = kept.map(({ column }) => column.width);
  const growTotal = kept.reduce((s, { column }) => s + (column.grow ?? 0), 0);
  if (spare > 0 && growTotal > 0) {
    let given = 0;
    const growers = kept.map(({ column }, k) => ({ grow: column.grow ?? 0, k })).filter((g) => g.grow > 0);
    growers.forEach((g, n) => {
      const share = n === growers.length - 1 ? spare - given : Math.floor((spare * g.grow) / growTotal);
      widths[g.k]! += share;
      given += share;
    });
  } else if (spare < 0) {
    // Too narrow even for the essentials: take it from the growing columns, down to 4 cells each.
    let deficit = -spare;
    kept.forEach(({ column }, k) => {
      if (!column.grow || deficit <= 0) return;
      const take = Math.min(deficit, widths[k]! - 4);
      if (take > 0) {
        widths[k]! -= take;
        deficit -= take;
      }
    });
  }
  return kept.map(({ column }, k) => ({ column, width: widths[k]! }));
}
