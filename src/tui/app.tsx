import { Box, useApp, useInput } from "ink";
import { useCallback, useEffect, useMemo, useReducer, useRef, useSyncExternalStore } from "react";
import { resolveKey, splitKeys, type KeyContext } from "./keymap.ts";
import { fitColumns } from "./layout.ts";
import type { TuiStore } from "./store.ts";
import { initialUiState, reduceUi, type Effect, type UiEvent, type UiState } from "./ui-state.ts";
import { viewModel } from "./view-model.ts";
import { VIEWS } from "./views/all-views.ts";
import { DidTrace } from "./views/did-trace.tsx";
import { Footer } from "./components/footer.tsx";
import { Header } from "./components/header.tsx";
import { DetailsPage, HelpPage } from "./components/pages.tsx";
import { Table } from "./components/table.tsx";
import { useNow, useTerminalSize } from "./components/use-terminal-size.ts";
import { ViewTabs } from "./components/view-tabs.tsx";

export type ActionResult = { ok: true; text?: string } | { ok: false; status: number; message: string };
export type WhoamiResult = { ok: true; name: string; role: "admin" | "viewer" } | { ok: false; status: number; message: string };

/** What the keys may do to the outside world; the app never opens a socket itself. Each takes a leg's uuid. */
export type TuiActions = {
  hangup(uuid: string): Promise<ActionResult>;
  setRecording(uuid: string, action: "start" | "stop"): Promise<ActionResult>;
  transfer(uuid: string, to: string): Promise<ActionResult>;
  listen(uuid: string, extension: string): Promise<ActionResult>;
  /** PUT /api/v1/agents/{ext}/status. */
  setAgentStatus(agent: string, status: string): Promise<ActionResult>;
  /** Fetches the recent CDRs into the store. */
  refreshCdrs(): void;
  /** Fetches which agents take each queue's calls into the store. */
  refreshQueues(): void;
  /** Fetches the DIDs into the store. */
  refreshDids(): void;
  /** Fetches what a call to this DID does now into the store. */
  traceDid(number: string): void;
  /** The token's role; without it, a viewer token is found out by the first 403. */
  whoami?(): Promise<WhoamiResult>;
};

export type AppProps = {
  store: TuiStore;
  actions: TuiActions;
  url: string;
  readonly?: string;
  now?: () => number;
  onQuit?: () => void;
};

// Header 2, tabs 1, column titles 1, footer 1, and one spare line so Ink never redraws the whole screen.
const CHROME_LINES = 6;
const CDR_REFRESH_MS = 10_000;

function contextOf(ui: UiState): KeyContext {
  switch (ui.mode.kind) {
    case "table":
      return "table";
    case "details":
      return "details";
    case "help":
      return "help";
    case "confirm-hangup":
      return "confirm";
    default:
      return "input";
  }
}

function describeEffect(e: Effect): string {
  switch (e.kind) {
    case "hangup":
      return `hung up ${e.target.label}`;
    case "record":
      return `recording ${e.action === "start" ? "started" : "stopped"}: ${e.target.label}`;
    case "transfer":
      return `transferred ${e.leg.party} to ${e.to}`;
    case "listen":
      return `listening in on ${e.target.label}: extension ${e.extension} will ring`;
    case "agent-status":
      return `agent ${e.agent}: ${e.status}`;
    case "load-cdrs":
    case "load-queues":
    case "load-dids":
    case "load-trace":
      return "";
  }
}

export function App({ store, actions, url, readonly, now = Date.now, onQuit }: AppProps) {
  const { exit } = useApp();
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const tick = useNow(now, 1000);
  const size = useTerminalSize();
  const pageSize = Math.max(1, size.rows - CHROME_LINES);
  const [ui, setUi] = useReducer((_: UiState, next: UiState) => next, readonly, initialUiState);
  const uiRef = useRef(ui);
  uiRef.current = ui;

  const view = VIEWS[ui.view];
  const { result, rows, index } = viewModel(store, ui, pageSize);
  const offsets = useRef(new Map<string, number>());
  let offset = offsets.current.get(ui.view) ?? 0;
  if (index < offset) offset = index;
  if (index >= offset + pageSize) offset = index - pageSize + 1;
  offset = Math.max(0, Math.min(offset, Math.max(0, rows.length - pageSize)));
  offsets.current.set(ui.view, offset);
  const visible = rows.slice(offset, offset + pageSize);
  const columns = useMemo(() => fitColumns(view.columns, size.columns), [view, size.columns]);
  const detailsRow = ui.mode.kind === "details" ? store.row<unknown>(ui.view, ui.mode.key) : undefined;

  const runEffect = useCallback(
    (effect: Effect) => {
      if (effect.kind === "load-cdrs") return actions.refreshCdrs();
      if (effect.kind === "load-queues") return actions.refreshQueues();
      if (effect.kind === "load-dids") return actions.refreshDids();
      if (effect.kind === "load-trace") return actions.traceDid(effect.number);
      const pending =
        effect.kind === "agent-status"
          ? actions.setAgentStatus(effect.agent, effect.status)
          : effect.kind === "hangup"
            ? actions.hangup(effect.target.uuid)
            : effect.kind === "record"
              ? actions.setRecording(effect.target.recordUuid, effect.action)
              : effect.kind === "transfer"
                ? actions.transfer(effect.leg.uuid, effect.to)
                : actions.listen(effect.target.uuid, effect.extension);
      pending.then((r) => {
        const event: UiEvent = r.ok
          ? { type: "result", ok: true, text: r.text ?? describeEffect(effect) }
          : { type: "result", ok: false, text: r.message, forbidden: r.status === 403 };
        uiRef.current = reduceUi(uiRef.current, event, viewModel(store, uiRef.current, pageSize).ctx).state;
        setUi(uiRef.current);
      });
    },
    [actions, store, pageSize],
  );

  useInput((input, key) => {
    for (const [one, press] of splitKeys(input, key)) {
      const hit = resolveKey(contextOf(uiRef.current), one, press);
      if (!hit) continue;
      const step = reduceUi(uiRef.current, { type: "key", action: hit.action }, viewModel(store, uiRef.current, pageSize).ctx);
      uiRef.current = step.state;
      if (step.effect) runEffect(step.effect);
    }
    setUi(uiRef.current);
  });

  // Asked at start, and again on each reconnect until callboard answers, so a viewer token is read-only before its first key.
  const role = useRef<"unknown" | "asking" | "known">("unknown");
  const connected = state.connection.state === "connected";
  useEffect(() => {
    if (!actions.whoami || role.current !== "unknown") return;
    role.current = "asking";
    void actions.whoami().then((r) => {
      role.current = r.ok ? "known" : "unknown";
      if (!r.ok) return;
      uiRef.current = reduceUi(uiRef.current, { type: "role", role: r.role, name: r.name }, viewModel(store, uiRef.current, pageSize).ctx).state;
      setUi(uiRef.current);
    });
  }, [actions, connected]);

  useEffect(() => {
    if (!ui.quit) return;
    onQuit?.();
    exit();
  }, [ui.quit]);

  useEffect(() => {
    if (ui.view !== "cdrs") return;
    const id = setInterval(() => actions.refreshCdrs(), CDR_REFRESH_MS);
    return () => clearInterval(id);
  }, [ui.view, actions]);

  const emptyText = !state.synced
    ? "waiting for callboard…"
    : ui.view === "cdrs" && state.cdrError
      ? `CDRs unavailable: ${state.cdrError}`
      : ui.view === "dids" && state.didError
        ? `DIDs unavailable: ${state.didError}`
        : ui.filters[ui.view]
          ? `no ${ui.view} match /${ui.filters[ui.view]}/`
          : `no ${ui.view}`;

  let body;
  if (ui.mode.kind === "help") body = <HelpPage view={ui.view} readonly={ui.readonly} height={pageSize} width={size.columns} />;
  else if (ui.mode.kind === "details" && ui.view === "dids") body = <DidTrace number={ui.mode.key} entry={store.trace(ui.mode.key)} height={pageSize} />;
  else if (ui.mode.kind === "details") {
    const fields: Array<[string, string]> = detailsRow ? view.details(detailsRow, tick) : [["gone", "this row has ended (esc to go back)"]];
    body = <DetailsPage title={`${ui.view.replace(/s$/, "")} ${ui.mode.key}`} fields={fields} height={pageSize} />;
  } else {
    body = (
      <Table
        columns={columns}
        rows={visible}
        rowKey={view.key}
        selected={index - offset}
        now={tick}
        sort={ui.sorts[ui.view]}
        height={pageSize}
        emptyText={emptyText}
      />
    );
  }

  return (
    <Box flexDirection="column" width={size.columns}>
      <Header state={state} callsLastMinute={store.callsInLastMinute(tick)} now={tick} url={url} width={size.columns} />
      <ViewTabs
        view={ui.view}
        shown={rows.length}
        total={result.total}
        filter={ui.filters[ui.view]}
        filterError={result.filter?.error}
        position={index}
      />
      {body}
      <Footer ui={ui} />
    </Box>
  );
}
