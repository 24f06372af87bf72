import type { Channel } from "./api-types.ts";
import type { TuiStore, ViewRows } from "./store.ts";
import type { UiContext, UiState } from "./ui-state.ts";
import { VIEWS } from "./views/all-views.ts";

export type ViewModel = { result: ViewRows<unknown>; rows: unknown[]; index: number; ctx: UiContext };

/**
 * The current view's rows and selection, worked out from the store and the
 * UI state of this very moment, so keys that arrive in one burst each see the
 * effect of the one before.
 */
export function viewModel(store: TuiStore, ui: UiState, pageSize: number): ViewModel {
  const view = VIEWS[ui.view];
  const result = store.rows<unknown>({ view: ui.view, filter: ui.filters[ui.view], sort: ui.sorts[ui.view] });
  const rows = result.rows;
  const cursor = ui.cursor[ui.view];
  let index = -1;
  if (cursor.key !== undefined) index = rows.findIndex((r) => view.key(r) === cursor.key);
  if (index < 0) index = Math.max(0, Math.min(rows.length - 1, cursor.index));
  const acting = ui.mode.kind === "details" ? store.row<unknown>(ui.view, ui.mode.key) : rows[index];
  const ctx: UiContext = {
    rowCount: rows.length,
    index,
    pageSize,
    keyAt: (i) => (rows[i] === undefined ? undefined : view.key(rows[i])),
    target: acting !== undefined && view.target ? view.target(acting, (uuid) => store.row<Channel>("channels", uuid)) : undefined,
    agent: acting !== undefined ? view.agent?.(acting) : undefined,
  };
  return { result, rows, index, ctx };
}
