import { render } from "ink";
import { createApiClient } from "./api-client.ts";
import { App, type TuiActions } from "./app.tsx";
import { startLiveClient } from "./live-client.ts";
import { createTuiStore } from "./store.ts";

export type DashboardOptions = { url: string; token: string; readonly?: boolean };

const ALT_SCREEN_ON = "\u001B[?1049h\u001B[H";
const ALT_SCREEN_OFF = "\u001B[?1049l";

/** Wires the store, the live stream and the API to the Ink app, on the terminal's alternate screen like top and k9s. */
export async function runDashboard(options: DashboardOptions): Promise<void> {
  const store = createTuiStore();
  const api = createApiClient(options);
  const live = startLiveClient({ ...options, store });
  const actions: TuiActions = {
    hangup: api.hangup,
    setRecording: api.setRecording,
    transfer: api.transfer,
    listen: api.listen,
    setAgentStatus: api.setAgentStatus,
    whoami: api.whoami,
    refreshCdrs: () => {
      void api.recentCdrs().then((r) => (r.ok ? store.setCdrs(r.rows) : store.setCdrs(undefined, r.message)));
    },
    // Without the queues' agent lists the view still shows every agent FreeSWITCH reported, under no queue.
    refreshQueues: () => {
      void api.queueTiers().then((r) => r.ok && store.setQueueTiers(r.tiers));
    },
    refreshDids: () => {
      void api.dids().then((r) => (r.ok ? store.setDids(r.rows) : store.setDids(undefined, r.message)));
    },
    traceDid: (number) => {
      store.setTrace(number, undefined);
      void api.traceDid(number).then((r) => store.setTrace(number, r.ok ? { trace: r.trace } : { error: r.message }));
    },
  };
  process.stdout.write(ALT_SCREEN_ON);
  const ink = render(<App store={store} actions={actions} url={options.url} readonly={options.readonly ? "--readonly" : undefined} />, {
    exitOnCtrlC: false,
    patchConsole: true,
    // Ink 6.8's incremental mode moves one line too few and drifts down a line per frame;
    // the standard writer redraws in one synchronized write, which does not flicker.
    incrementalRendering: false,
    maxFps: 20,
  });
  const stop = () => ink.unmount();
  process.once("SIGTERM", stop);
  process.once("SIGHUP", stop);
  try {
    await ink.waitUntilExit();
  } finally {
    live.stop();
    store.dispose();
    process.stdout.write(ALT_SCREEN_OFF);
  }
}
