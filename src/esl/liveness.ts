/**
 * Notices a FreeSWITCH that still holds the socket open but no longer says
 * anything (process stopped, machine hung, a network path that drops packets
 * without a reset). TCP alone would keep such a connection "up" for many
 * minutes.
 *
 * A live FreeSWITCH is never silent for long: it sends HEARTBEAT every
 * `event-heartbeat-interval` seconds and answers every command at once with a
 * command/reply, even one whose job takes a while. So after `idleMs` with
 * nothing at all heard, one cheap probe is sent; if `probeTimeoutMs` more
 * passes and still nothing was heard, the connection is dead.
 *
 * A command that times out while nothing at all was heard is the same proof
 * of silence, so it sends the probe straight away instead of waiting for the
 * idle period. Timeouts with traffic in between never count: a bgapi timeout
 * measures the job (an unanswered originate, a stuck module), not the socket,
 * and dropping a live connection would not make that job any faster.
 */
import type { EslResult } from "./port.ts";

export type LivenessTimings = {
  /** Silence after which a probe is sent. */
  idleMs: number;
  /** How long the probe may take before the connection counts as dead. */
  probeTimeoutMs: number;
};

export type LivenessWatch = {
  /** Something (event, reply, anything) arrived from FreeSWITCH. */
  heard(): void;
  /** A command is being sent; call what this returns if it gets no answer in time. */
  commandSent(): () => void;
  stop(): void;
};

export function watchLiveness(
  timings: LivenessTimings,
  probe: (timeoutMs: number) => Promise<EslResult>,
  onDead: () => void,
): LivenessWatch {
  let heardCount = 0;
  let lastHeard = performance.now();
  let probing = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function arm(delay: number): void {
    clearTimeout(timer);
    timer = setTimeout(check, delay);
  }

  // Re-arming from the last arrival here, instead of on every frame, keeps a busy switch from churning timers.
  function check(): void {
    const quiet = performance.now() - lastHeard;
    if (quiet < timings.idleMs) arm(timings.idleMs - quiet);
    else void probeNow();
  }

  async function probeNow(): Promise<void> {
    if (probing || stopped) return;
    probing = true;
    clearTimeout(timer);
    const before = heardCount;
    const result = await probe(timings.probeTimeoutMs);
    probing = false;
    if (stopped) return;
    if (!result.ok && result.kind === "timeout" && heardCount === before) {
      stopped = true;
      onDead();
      return;
    }
    arm(timings.idleMs);
  }

  arm(timings.idleMs);

  return {
    heard() {
      heardCount++;
      lastHeard = performance.now();
    },
    commandSent() {
      const mark = heardCount;
      return () => {
        if (mark === heardCount) void probeNow();
      };
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
