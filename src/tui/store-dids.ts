import type { Did } from "./api-types.ts";
import type { TraceEntry } from "./views/did-trace.tsx";

/**
 * The DIDs view's part of the TUI store: the DIDs as configured (fetched,
 * not streamed, into `rows`, the store's `dids` map), the last fetch's
 * error, and the traces asked for, keyed by DID number. Only the DID on
 * screen is traced, so the traces stay as few as the DIDs.
 */
export function createDidState(rows: Map<string, Did>) {
  let error: string | undefined;
  const traces = new Map<string, TraceEntry>();

  return {
    /** Keeps the previous list when a refresh failed (`items` undefined); true when the list changed. */
    setDids(items: Did[] | undefined, why?: string): boolean {
      error = why;
      if (!items) return false;
      rows.clear();
      for (const d of items) rows.set(d.number, d);
      return true;
    },
    error: () => error,
    /** A DID's trace, or why it could not be had; undefined forgets it (a new one is on its way). */
    setTrace(number: string, entry: TraceEntry | undefined) {
      if (entry) traces.set(number, entry);
      else traces.delete(number);
    },
    trace: (number: string) => traces.get(number),
  };
}
