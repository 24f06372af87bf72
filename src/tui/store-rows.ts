import { parseFilter, type RowFilter } from "./filter.ts";
import { VIEWS } from "./views/all-views.ts";
import type { ViewId } from "./views/view-def.ts";

export type SortSpec = { letter: string; desc: boolean };
export type ViewQuery = { view: ViewId; filter: string; sort: SortSpec };
export type ViewRows<R = unknown> = { rows: R[]; total: number; filter?: RowFilter };

/**
 * What a view shows of the store's rows: filtered (`/`, `!` inverts) and
 * sorted by the chosen column, worked out again only when the view's rows,
 * the filter or the sort changed. A row's search text is kept per row
 * object, so a filter typed key by key scans text, not rows.
 */
export function createRowQuery(data: Record<ViewId, Map<string, unknown>>, versionOf: (view: ViewId) => number) {
  const searchCache = new WeakMap<object, string>();
  const filterCache = new Map<string, RowFilter>();
  const memo = new Map<ViewId, { version: number; filter: string; letter: string; desc: boolean; result: ViewRows }>();

  function rows<R>(q: ViewQuery): ViewRows<R> {
    const version = versionOf(q.view);
    const hit = memo.get(q.view);
    if (hit && hit.version === version && hit.filter === q.filter && hit.letter === q.sort.letter && hit.desc === q.sort.desc) {
      return hit.result as ViewRows<R>;
    }
    const view = VIEWS[q.view];
    const all = [...data[q.view].values()] as object[];
    let filter: RowFilter | undefined;
    let kept = all;
    if (q.filter) {
      filter = filterCache.get(q.filter) ?? parseFilter(q.filter);
      if (filterCache.size > 32) filterCache.clear();
      filterCache.set(q.filter, filter);
      const f = filter;
      kept = all.filter((row) => {
        let text = searchCache.get(row);
        if (text === undefined) {
          text = view.searchText(row);
          searchCache.set(row, text);
        }
        return f.test(text);
      });
    }
    const column = view.columns.find((c) => c.sortLetter === q.sort.letter);
    if (column?.sortValue) {
      const sign = q.sort.desc ? -1 : 1;
      const decorated = kept.map((row) => ({ row, v: column.sortValue!(row), k: view.key(row) as string }));
      decorated.sort((a, b) => (a.v < b.v ? -sign : a.v > b.v ? sign : a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
      kept = decorated.map((d) => d.row);
    }
    const result: ViewRows = { rows: kept, total: all.length, filter };
    memo.set(q.view, { version, filter: q.filter, letter: q.sort.letter, desc: q.sort.desc, result });
    return result as ViewRows<R>;
  }

  return rows;
}
